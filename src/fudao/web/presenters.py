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


# What kind of thing an answer is (the answer object's `kind`), as the answer page labels it.
# A kind not listed here shows no label: a machine value never reaches the page.
ANSWER_KIND_LABELS = {
    "amount": "金額", "money": "金額", "cap": "金額", "figure": "數字", "number": "數字",
    "percent": "比例", "ratio": "比例", "rate": "比例", "count": "數量", "quantity": "數量",
    "date": "日期", "year": "年份", "time": "時間", "duration": "期間", "period": "期間",
    "deadline": "截止日期", "launch": "開始日期", "phone": "電話", "tollfree": "免付費電話",
    "email": "電子郵件", "url": "網址", "website": "網址", "address": "地址", "name": "名稱",
    "organisation": "單位名稱", "organization": "單位名稱", "org": "單位名稱", "agency": "機關名稱",
    "company": "公司名稱", "list": "項目", "items": "項目", "condition": "條件", "requirement": "條件",
    "conditions": "條件", "yesno": "是或否", "yes_no": "是或否", "boolean": "是或否",
    "which_measures": "輔導措施", "measures": "輔導措施", "area": "面積", "method": "方式",
}


def answer_kind_label(answer: Any) -> str | None:
    """The zh-TW label of what an answer is (「金額」「日期」「條件」…), read from the answer
    object's `kind` (a string or an enum); None when it has none or one this list does not know."""
    kind = getattr(answer, "kind", None)
    kind = getattr(kind, "value", kind)
    if not isinstance(kind, str):
        return None
    return ANSWER_KIND_LABELS.get(kind.strip().lower().replace("-", "_").replace("/", ""))


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
    lines first, then the most cited; each named by the unit it belongs to — a contact's unit
    for that number, else the agency of a measure giving it. A number whose unit no document
    names is left out (a page shows a phone only with the unit it belongs to)."""
    seen: dict[str, dict[str, Any]] = {}
    skipped = set(skip)
    for measure in measures:
        for contact in measure.get("contacts") or []:
            phone = contact.get("phone")
            if not phone or phone in skipped:
                continue
            row = seen.setdefault(phone, {"phone": phone, "ext": contact.get("ext"), "org": "", "agency": "",
                                          "count": 0})
            row["count"] += 1
            row["org"] = row["org"] or (contact.get("org") or "").strip()
            row["agency"] = row["agency"] or (measure.get("agency") or "").strip()
    rows = [{"phone": r["phone"], "ext": r["ext"], "org": r["org"] or r["agency"], "count": r["count"]}
            for r in seen.values() if r["org"] or r["agency"]]
    rows.sort(key=lambda r: (not r["phone"].startswith("0800"), -r["count"], r["phone"]))
    return rows[:limit]


# A citation of one short line just above another citation of the same answer is that one's heading.
HEADING_CONTEXT_LINES = 40
HEADING_MAX_CHARS = 40


def citation_rows(citations: Iterable[Any]) -> list[dict[str, Any]]:
    """An answer's citations for the page, in order, each with `context_line`: the line of another
    of its citations in the same document that is a heading above it (one short line at most
    HEADING_CONTEXT_LINES above), so that the viewer marks that heading apart as the context of
    the cited lines instead of counting it among them; None when there is no such citation."""
    cited = list(citations)
    rows = []
    for c in cited:
        above = [h.line_start for h in cited if h is not c and h.doc == c.doc and h.line_start == h.line_end
                 and 0 < c.line_start - h.line_start <= HEADING_CONTEXT_LINES
                 and len(h.quote.strip()) <= HEADING_MAX_CHARS and "\n" not in h.quote.strip()]
        rows.append({"doc": c.doc, "line_start": c.line_start, "line_end": c.line_end, "quote": c.quote,
                     "context_line": max(above) if above else None})
    return rows


def measure_extent(measure: dict[str, Any]) -> tuple[str, int, int] | None:
    """The document and the lines a measure's own fields come from: the span of its sources in
    the document of its name, less where a list elsewhere in the document places it (`listing`,
    and the `facet` that list gives); None when its name has no source."""
    sources = measure.get("sources") or {}
    name = sources.get("name")
    if not isinstance(name, dict) or not name.get("doc"):
        return None
    own = [s for key, s in sources.items() if key not in ("listing", "facet") and isinstance(s, dict)
           and s.get("doc") == name["doc"]]
    return name["doc"], min(int(s["line_start"]) for s in own), max(int(s["line_end"]) for s in own)


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
