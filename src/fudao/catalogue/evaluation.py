"""Extraction quality against the gold file `eval/catalogue_gold.yaml` (printed by `fudao eval`).

Runs the extractors on the corpus files directly (no store needed) and reports, per field,
precision, recall and accuracy (the share of gold measures whose value is exactly right), and
per document the measures found and spurious. A gold agency counts by its current full name
from the agency table (gold `勞動力發展署` is `勞動部勞動力發展署`).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from fudao.catalogue.draft import DraftMeasure
from fudao.catalogue.extract import extract_all
from fudao.zhtext.agencies import canonical_agency

REPO = Path(__file__).resolve().parents[3]
CAP_KINDS = ("cap_", "loan_cap", "guarantee_cap")


def gold_path() -> Path:
    """The gold file (`FUDAO_CATALOGUE_GOLD` or `eval/catalogue_gold.yaml`)."""
    return Path(os.environ.get("FUDAO_CATALOGUE_GOLD", REPO / "eval" / "catalogue_gold.yaml"))


def corpus_dir() -> Path:
    """The corpus folder (`FUDAO_CORPUS` or `../shared/corpus`)."""
    return Path(os.environ.get("FUDAO_CORPUS", REPO.parent / "shared" / "corpus"))


def phones_of(draft: DraftMeasure) -> set[str]:
    """The measure's phone numbers as `number#ext`."""
    return {c["phone"] + (f"#{c['ext']}" if c.get("ext") else "")
            for c in draft.fields.get("contacts", []) if c.get("phone")}


def caps_of(draft: DraftMeasure) -> set[int]:
    """The TWD caps among the measure's benefits."""
    return {int(b["value"]) for b in draft.fields.get("benefits", [])
            if b.get("unit") == "TWD" and b["kind"].startswith(CAP_KINDS)}


def window_of(draft: DraftMeasure, with_periods: bool = False) -> dict[str, Any]:
    """The window facts the gold file states (its several periods when the gold lists them)."""
    w = draft.fields.get("window") or {}
    out = {"start": w.get("start"), "end": w.get("end"),
           "open_ended": bool(w.get("is_open_ended")), "recurring": bool(w.get("recurring"))}
    if with_periods:
        out["periods"] = w.get("periods") or []
    return out


BENEFIT_KEYS = ("kind", "value", "value_max", "bound", "up_to_twd", "over_twd", "term", "applies_to")
# The kinds a gold `benefits` list states in full (shares, rates, margins, ratios, waivers):
# any other figure of these kinds the extractor reads is a wrong label.
SCORED_KINDS = {"interest_rate", "interest_rate_cut", "rate_margin", "guarantee_ratio", "cost_share_max",
                "cost_item_cap", "loan_to_cost", "fee_waiver"}


def benefits_of(draft: DraftMeasure) -> set[tuple[Any, ...]]:
    """The measure's share, rate and ratio benefits as comparable tuples (kind, value, range,
    bound, condition, term, scope)."""
    return {_benefit_key(b) for b in draft.fields.get("benefits", []) if b["kind"] in SCORED_KINDS}


def _benefit_key(b: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(b.get(k) if k != "value" or b.get(k) is None else float(b[k]) for k in BENEFIT_KEYS)


class _Tally:
    def __init__(self) -> None:
        self.tp = self.extracted = self.gold = self.exact = self.cases = 0

    def add_set(self, got: set[Any], want: set[Any]) -> None:
        self.tp += len(got & want)
        self.extracted += len(got)
        self.gold += len(want)
        self.exact += got == want
        self.cases += 1

    def add_value(self, got: Any, want: Any) -> None:
        self.add_set({repr(got)} if got not in (None, "") else set(), {repr(want)} if want not in (None, "") else set())

    def result(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 1.0

        return {"precision": ratio(self.tp, self.extracted), "recall": ratio(self.tp, self.gold),
                "accuracy": ratio(self.exact, self.cases), "measures": self.cases}


def _by_name(drafts: list[DraftMeasure]) -> dict[str, DraftMeasure]:
    out: dict[str, DraftMeasure] = {}
    for d in drafts:
        for name in [d.name, *d.fields.get("aliases", [])]:
            out.setdefault(name, d)
    return out


def _score(g: dict[str, Any], d: DraftMeasure | None, tallies: tuple[dict[str, _Tally], ...]) -> None:
    """Score one gold measure against its draft into every tally set (overall, per document)."""
    for fields in tallies:
        fields["name"].add_value(d.name if d else None, g["name"])
        if d is None:
            for key in ("agency", "phones", "amounts", "window", "benefits"):
                fields[key].add_set(set(), {"missing"})
            continue
        fields["agency"].add_value(d.fields.get("agency") or None,
                                   canonical_agency(g["agency"]) if g.get("agency") else None)
        fields["phones"].add_set(phones_of(d), set(g["phones"]))
        if "caps" in g:  # entries added for contacts only state no caps or window
            fields["amounts"].add_set(caps_of(d), {int(v) for v in g["caps"]})
        if "window" in g:
            fields["window"].add_value(window_of(d, "periods" in g["window"]), g["window"])
        if "benefits" in g:  # every figure of the kinds listed, as the document states it
            want = {_benefit_key({"applies_to": "", **b}) for b in g["benefits"]}
            fields["benefits"].add_set(benefits_of(d), want)


def evaluate_extraction() -> dict[str, Any]:
    """Per-field precision/recall/accuracy and per-document found/spurious counts vs the gold file."""
    gold = yaml.safe_load(gold_path().read_text("utf-8"))
    fields = {k: _Tally() for k in ("name", "agency", "phones", "amounts", "window", "benefits")}
    documents = []
    for doc in gold["documents"]:
        path = next(corpus_dir().glob(f"{doc['doc']}_*.txt"))
        drafts = extract_all(path.read_text("utf-8").splitlines(), path.stem)
        names = _by_name(drafts)
        report: dict[str, Any] = {"doc": path.stem, "extracted": len(drafts)}
        if "all_names" in doc:
            wanted = set(doc["all_names"])
            report.update(expected=len(wanted), found=len(wanted & {d.name for d in drafts}),
                          spurious=sorted(d.name for d in drafts if d.name not in wanted),
                          missing=sorted(wanted - {d.name for d in drafts}))
        documents.append(report)
        mine = {k: _Tally() for k in fields}
        for g in doc["measures"]:
            _score(g, names.get(g["name"]), (fields, mine))
        report["fields"] = {k: t.result() for k, t in mine.items()}
    return {"fields": {k: t.result() for k, t in fields.items()}, "documents": documents,
            "freshness": freshness_check()}


def freshness_check(on: date | None = None) -> dict[str, Any]:
    """Over every corpus document's extracted measures, dated as the document is: window states
    on `on` (default today), and the measures wrongly `open` — a window that ended, or a source
    older than the limit with no dated end — which must be none; also 000's industry rows listed
    as measures and programmes listed twice across documents (by programme key), both none."""
    from fudao.catalogue.draft import programme_key
    from fudao.catalogue.extract.table import is_industry
    from fudao.catalogue.freshness import STATES, is_stale, window_state
    from fudao.documents.dating import document_facts

    day = on or date.today()
    states = dict.fromkeys(STATES, 0)
    wrongly_open: list[str] = []
    industry_rows: list[str] = []
    keys: dict[str, list[str]] = {}
    slugs: dict[str, str] = {}
    for path in sorted(corpus_dir().glob("*.txt")):
        text = path.read_text("utf-8")
        as_of = document_facts(path.stem, text).as_of
        for d in extract_all(text.splitlines(), path.stem):
            window = d.fields.get("window")
            state = window_state(window, as_of, day)
            states[state] += 1
            end = (window or {}).get("end")
            if state == "open" and ((end and end < day.isoformat())
                                    or (is_stale(as_of, day) and (not end or (window or {}).get("recurring")))):
                wrongly_open.append(f"{path.stem[:3]} {d.name}")
            if path.stem.startswith("000") and is_industry(d.name):
                industry_rows.append(d.name)
            slugs.setdefault(d.slug, d.name)
            keys.setdefault(programme_key(d.name), [])
            if d.slug not in keys[programme_key(d.name)]:
                keys[programme_key(d.name)].append(d.slug)
    twice = sorted(slugs[ids[0]] for ids in keys.values() if len(ids) > 1)
    return {"on": day.isoformat(), "states": states, "wrongly_open": wrongly_open,
            "industry_rows_as_measures": industry_rows, "programmes_listed_twice": twice}
