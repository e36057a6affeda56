"""Shape the services' dicts for the pages: hotlines, field rows with their cited text, filters."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from fudao.catalogue.models import FACETS, INSTRUMENTS, Measure
from fudao.documents.models import DocumentVersion

INSTRUMENT_LABELS = dict(INSTRUMENTS)
APPLICANT_LABELS = {
    "company": "公司", "business": "商號", "sme": "中小企業", "manufacturer": "製造業",
    "mittelstand": "中堅企業", "trader": "出進口廠商", "school": "學校", "individual": "個人",
    "association": "法人或團體",
}
CONTACT_ROLES = {"window": "承辦窗口", "hotline": "專線", "agency": "主辦機關"}
# Fields of a measure in the order of its page, each with its zh-TW label.
PAGE_FIELDS = (
    "summary", "target", "applicant_types", "benefits", "service_items", "instrument", "facet",
    "region", "window", "how_to_apply", "required_documents", "agency", "executing_units",
    "contacts", "websites", "mittelstand_preferences",
)
MAX_QUOTE_LINES = 12
# The badge of each window state (catalogue.freshness).
STATE_TITLES = {"open": "受理中", "not_stated": "未載明申請期間", "unconfirmed": "待確認是否仍受理",
                "closed": "已截止"}
# What each kind of benefit is, as the pages label it.
BENEFIT_LABELS = {
    "cap_per_case": "補助上限（每案）", "cap_per_alliance": "補助上限（聯盟／聯合申請）",
    "cap_per_person": "補助上限（每人）", "cap_extra": "額外補助上限", "loan_cap": "貸款額度上限",
    "guarantee_cap": "保證額度上限", "interest_rate": "貸款利率", "interest_rate_cut": "利率減碼",
    "guarantee_ratio": "保證成數", "cost_share_max": "補助比例上限（其餘自籌）",
    "own_share_min": "自籌比例下限", "fee_waiver": "手續費減免", "loan_term": "貸款期限",
    "company_pays": "企業自付", "government_pays": "政府負擔",
    "cost_item_cap": "單項經費編列上限", "rate_margin": "銀行加碼上限（基準利率之上）",
    "loan_to_cost": "貸款額度上限（占計畫經費比例）",
}


def benefit_label(kind: str) -> str:
    """The zh-TW label of a benefit kind (貸款額度上限, 利率, 保證成數 …)."""
    return BENEFIT_LABELS.get(kind, "優惠")


def field_label(name: str) -> str:
    """The zh-TW label of a measure field (the model's verbose name)."""
    if name == "window":
        return "申請期間"
    field = Measure._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def hotlines(measures: Iterable[dict[str, Any]], limit: int = 6, *, skip: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Distinct contact phones of the measures (less the numbers in `skip`), toll-free (0800)
    lines first, then the most cited; each named by the unit it belongs to — the contact's
    unit, else the measure's agency, else the measure it is given for (「研發轉型補助」窗口)."""
    seen: dict[str, dict[str, Any]] = {}
    skipped = set(skip)
    for measure in measures:
        for contact in measure.get("contacts") or []:
            phone = contact.get("phone")
            if not phone or phone in skipped:
                continue
            org = contact.get("org") or measure.get("agency") or f"「{measure['name']}」窗口"
            row = seen.setdefault(phone, {"phone": phone, "ext": contact.get("ext"), "org": org, "count": 0})
            row["count"] += 1
    rows = sorted(seen.values(), key=lambda r: (not r["phone"].startswith("0800"), -r["count"], r["phone"]))
    return rows[:limit]


def service_contacts() -> list[dict[str, Any]]:
    """The service's hotlines for a page (`catalogue.service_contacts`), each with the stem of the
    stored document that states it (None when that document is not in the store: no citation)."""
    from fudao.catalogue.service_contacts import service_contacts as rows

    stems = list(DocumentVersion.objects.filter(is_current=True).values_list("document__stem", flat=True))
    out = []
    for c in rows():
        stem = next((s for s in stems if s.split("_", 1)[0] == c.doc), None)
        out.append({"name": c.name, "role": c.role, "phone": c.phone, "hours": c.hours,
                    "doc": stem, "line_start": c.line_start, "line_end": c.line_end})
    return out


def service_points() -> list[dict[str, Any]]:
    """The service points for a page (`catalogue.service_contacts`), each with the stem of the
    stored document that states it (None when that document is not in the store: no citation)."""
    from fudao.catalogue.service_contacts import service_points as rows

    stems = list(DocumentVersion.objects.filter(is_current=True).values_list("document__stem", flat=True))
    return [{"name": p.name, "regions": "・".join(p.regions), "role": p.role, "phone": p.phone, "ext": p.ext, "address": p.address,
             "hours": p.hours, "missing": p.missing,
             "doc": next((s for s in stems if s.split("_", 1)[0] == p.doc), None),
             "line_start": p.line_start, "line_end": p.line_end} for p in rows()]


def document_lines(doc: str, start: int, end: int, cache: dict[str, list[str]] | None = None) -> str:
    """Lines start..end (1-based, inclusive) of the current version of document `doc`."""
    cache = {} if cache is None else cache
    if doc not in cache:
        version = DocumentVersion.objects.filter(document__stem=doc, is_current=True).only("original_text").first()
        cache[doc] = version.original_text.splitlines() if version else []
    lines = cache[doc]
    end = min(end, start + MAX_QUOTE_LINES - 1)
    text = (plain_text(line) for line in lines[max(start - 1, 0):end])
    return "\n".join(line for line in text if line)


_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
_BULLET_MARK = re.compile(r"^\s*[-*+]\s+(?=\S)")


def plain_text(line: str) -> str:
    """A source line as plain text: markdown heading marks, bold/italic asterisks and list dashes removed."""
    line = _HEADING_MARK.sub("", line)
    line = _BULLET_MARK.sub("", line)
    return line.replace("**", "").replace("__", "").rstrip()


def field_rows(measure: dict[str, Any]) -> list[dict[str, Any]]:
    """The filled fields of a measure for its page, each with its source and the cited text."""
    cache: dict[str, list[str]] = {}
    rows = []
    for name in PAGE_FIELDS:
        value = measure.get(name)
        if _empty(name, value):
            continue
        source = (measure.get("sources") or {}).get(name)
        quote = ""
        if source:
            quote = document_lines(source["doc"], source["line_start"], source["line_end"], cache)
        rows.append({"name": name, "label": field_label(name), "value": value, "source": source, "quote": quote})
    return rows


def _empty(name: str, value: Any) -> bool:
    if name == "window":
        return not value or not (value.get("start") or value.get("end") or value.get("text")
                                 or value.get("is_open_ended"))
    return value in (None, "", [], {})


def filter_choices(facets: dict[str, int]) -> dict[str, Any]:
    """The catalogue filter form's choices: facets (with counts), service types."""
    return {
        "facets": [(f, facets.get(f, 0)) for f in FACETS if facets.get(f)],
        "instruments": INSTRUMENTS,
    }
