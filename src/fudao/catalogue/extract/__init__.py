"""Extractors of support measures from a document's original lines (pure functions, no Django).

Each module has `applies(lines)` and `extract(lines, doc_stem) -> list[DraftMeasure]`;
`extract_all` runs those that apply and keeps the first draft of each slug.
"""

from __future__ import annotations

from fudao.catalogue.draft import DraftMeasure
from fudao.catalogue.extract import brochure, declared, forms, table

EXTRACTORS = (forms, brochure, table, declared)


def extract_all(lines: list[str], doc_stem: str) -> list[DraftMeasure]:
    """Every measure the extractors find in a document (none for a document without measures)."""
    drafts: dict[str, DraftMeasure] = {}
    for module in EXTRACTORS:
        if module.applies(lines):
            for draft in module.extract(lines, doc_stem):
                drafts.setdefault(draft.slug, draft)
    return list(drafts.values())
