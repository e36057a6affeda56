"""Extractors of support measures from a document's original lines (pure functions, no Django).

Each module has `applies(lines)` and `extract(lines, doc_stem) -> list[DraftMeasure]`;
`extract_all` runs those that apply, keeps the first draft of each slug, and gives a facet by
content to the drafts whose document names none.
"""

from __future__ import annotations

from fudao.catalogue.draft import DraftMeasure
from fudao.catalogue.extract import brochure, declared, forms, table
from fudao.catalogue.extract.common import infer_facet

EXTRACTORS = (forms, brochure, table, declared)


def extract_all(lines: list[str], doc_stem: str) -> list[DraftMeasure]:
    """Every measure the extractors find in a document (none for a document without measures)."""
    drafts: dict[str, DraftMeasure] = {}
    for module in EXTRACTORS:
        if module.applies(lines):
            for draft in module.extract(lines, doc_stem):
                drafts.setdefault(draft.slug, draft)
    for draft in drafts.values():
        if draft.fields.get("facet", "其他") == "其他":
            _assign_facet(draft)
    return list(drafts.values())


def _assign_facet(draft: DraftMeasure) -> None:
    """A facet from the measure's content where its document gives none (cited at its name)."""
    texts = [str(draft.fields.get(k) or "") for k in ("summary", "target")]
    texts += [str(x) for x in draft.fields.get("service_items") or []]
    facet = infer_facet(draft.name, *texts)
    source = draft.sources.get("name", {"line_start": draft.line_start, "line_end": draft.line_start})
    draft.set("facet", facet, source["line_start"], source["line_end"])
