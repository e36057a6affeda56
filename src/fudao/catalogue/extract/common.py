"""Field parsers shared by the extractors: windows, benefits, agencies, instruments."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from typing import Any

from fudao.catalogue.draft import EMPTY_WINDOW
from fudao.zhtext.agencies import canonical_agency
from fudao.zhtext.amounts import find_amounts
from fudao.zhtext.normalize import fold_width
from fudao.zhtext.percents import find_percents
from fudao.zhtext.rocdates import find_dates

_OPEN_ENDED = ("隨時", "隨到隨審", "無截止", "經費用罄", "預算執行完畢", "額滿為止", "即日起", "常年", "全年")
_RECURRING = ("經常性業務", "每年")
_YEARLY_MONTHS = re.compile(r"每年\s*(\d{1,2})\s*月\s*(?:至|-|~|～)\s*(\d{1,2})\s*月")
_SPACE = re.compile(r"\s+")
_THIS_YEAR_END = re.compile(r"[(（](\d{2,3})[)）]\s*年度.*?至\s*(\d{1,2})\s*/\s*(\d{1,2})")
_DAY_WITHOUT_MARK = re.compile(r"(\d+\s*月\s*\d{1,2})(\s*(?:至|起|-|~))")


def squash(text: str) -> str:
    """Join wrapped CJK text: drop line breaks and spaces between CJK characters, keep others single."""
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
    return _SPACE.sub(" ", text).strip()


def parse_window(text: str) -> dict[str, Any]:
    """An application window from its wording: start/end dates, open-ended, recurring yearly."""
    window = dict(EMPTY_WINDOW)
    window["text"] = squash(text)
    if not window["text"]:
        return window
    starts, ends = _dates(fold_width(text))
    periods = _periods(fold_width(text))
    if len(periods) > 1:
        window["periods"] = periods
    window["start"] = min(starts) if starts else None
    window["end"] = max(ends) if ends else None
    if window["end"] and window["start"] and window["end"] < window["start"]:
        window["end"] = None
    flat = window["text"]
    window["is_open_ended"] = window["end"] is None and (
        any(w in flat for w in _OPEN_ENDED) or (bool(window["start"]) and ("起" in flat or "開始" in flat)))
    window["recurring"] = any(w in flat for w in _RECURRING)
    months = _YEARLY_MONTHS.search(fold_width(flat))
    if months:
        window["yearly_months"] = [int(months.group(1)), int(months.group(2))]
    return window


def _periods(text: str) -> list[list[str]]:
    """Each stated date range of a window as [start, end] (several windows of one form)."""
    out: list[list[str]] = []
    for found in find_dates(text):
        if found.kind == "date_range" and found.value.get("end"):
            period = [found.value["start"], found.value["end"]]
            if period not in out:
                out.append(period)
    return out


def _dates(text: str) -> tuple[list[str], list[str]]:
    """Start and end dates (ISO) in a window's wording: ranges, `X起`, `至X`, or a pair of dates."""
    starts: list[str] = []
    ends: list[str] = []
    singles: list[tuple[str, str, str]] = []
    text = _DAY_WITHOUT_MARK.sub(r"\1日\2", text)
    for found in find_dates(text):
        if found.kind == "date_range":
            starts.append(found.value["start"])
            if not re.match(r"\s*(?:[上中下]旬)?\s*(?:起|開始)", text[found.end : found.end + 6]):
                ends.append(found.value["end"])
        elif found.kind == "date":
            before = text[max(0, found.start - 2) : found.start]
            after = text[found.end : found.end + 3]
            singles.append((found.value["date"], before, after))
    yearly = _THIS_YEAR_END.search(text)
    if yearly and not singles:
        year = int(yearly.group(1)) + 1911
        ends.append(date(year, int(yearly.group(2)), int(yearly.group(3))).isoformat())
    for i, (day, before, after) in enumerate(singles):
        if "起" in after or "開始" in after:
            starts.append(day)
        elif "至" in before or "止" in after or "前" in after or i > 0:
            ends.append(day)
        else:
            starts.append(day)
    return starts, ends


def agency_name(raw: str) -> str:
    """An agency's current full name from any written form (wrapped text joined first)."""
    name = squash(raw).replace(" ", "")
    return canonical_agency(name) if name else ""


_KINDS: tuple[tuple[str, str], ...] = (
    ("聯盟", "cap_per_alliance"),
    ("聯合申請", "cap_per_alliance"),
    ("每名", "cap_per_person"),
    ("每位", "cap_per_person"),
    ("每人", "cap_per_person"),
    ("保證額度", "guarantee_cap"),
    ("貸款額度", "loan_cap"),
    ("申貸額度", "loan_cap"),
    ("每家最高", "loan_cap"),
)
_CAP_WORDS = ("最高", "上限", "為限", "不超過", "每案", "每家", "每企業", "個案", "單一企業", "申請案", "輔導款", "每一")


def amount_kind(context: str, *, loan: bool = False) -> str | None:
    """The kind of an amount from the words before it; None when it is not a cap."""
    for word, kind in _KINDS:
        if word in context:
            if kind == "loan_cap" and word == "每家最高" and not loan:
                return "cap_per_case"
            return kind
    if any(w in context for w in _CAP_WORDS):
        return "loan_cap" if loan else "cap_per_case"
    return None


_COST_ITEM = re.compile(r"費(?:用)?(?:編列|列支)(?:上限|不得超過|不超過|以)")
_LOAN_RATE_WORDS = ("利率", "銀行", "年息", "計息")


def percent_kind(context: str, *, loan: bool = False) -> str | None:
    """The kind of a percentage from the words before it (the nearest words decide)."""
    if "減碼" in context:
        return "interest_rate_cut"
    if "加碼" in context and any(w in context for w in _LOAN_RATE_WORDS):
        return "rate_margin"  # a bank's margin above a base rate, not the rate itself
    if _COST_ITEM.search(context[-12:]):
        return "cost_item_cap"  # a cap on one cost item (設備購置費編列上限40%)
    if (loan or "貸款" in context or "申貸" in context) and "經費" in context:
        return "loan_to_cost"  # the loan's limit as a share of the project's cost
    if "利率" in context or "年息" in context:
        return "interest_rate"
    if "保證成數" in context:
        return "guarantee_ratio"
    if any(w in context for w in ("不超過", "不得超過", "上限", "自籌", "負擔", "補助")):
        return "cost_share_max"
    return None


_SUBITEM = re.compile(r"(?:^|(?<=[\s。；：:]))(?:\(\d\)|\d\.(?!\d))")


def find_benefits(
    text: str, line: int, *, applies_to: str = "", loan: bool = False, kind: str | None = None
) -> list[dict[str, Any]]:
    """Caps, rates and ratios stated in a field's text, as benefit records.

    Numbered sub-items (1. … 2. …, (1) … (2) …) are scopes of their own: `applies_to` gets
    the sub-item's first words, so that caps of different schemes are not taken as contradictory.
    """
    flat = fold_width(text)
    cuts = [m.start() for m in _SUBITEM.finditer(flat)]
    if len(cuts) < 2:
        return _dedupe(_benefits_in(flat, line, applies_to, loan, kind))
    out: list[dict[str, Any]] = []
    bounds = [0, *cuts, len(flat)] if cuts[0] else [*cuts, len(flat)]
    for a, b in pairwise(bounds):
        segment = flat[a:b]
        label = re.sub(r"^(?:\(\d\)|\d\.)", "", segment).strip()[:8]
        scope = f"{applies_to}/{label}" if label else applies_to
        out.extend(_benefits_in(segment, line, scope, loan, kind))
    return _dedupe(out)


def _dedupe(benefits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for b in benefits:
        if all((b["kind"], b["value"], b["applies_to"]) != (o["kind"], o["value"], o["applies_to"]) for o in out):
            out.append(b)
    return out


def _benefits_in(flat: str, line: int, applies_to: str, loan: bool, forced: str | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    ratio_only = forced == "guarantee_ratio"
    for found in [] if ratio_only else find_amounts(flat):
        if "twd" not in found.value:
            continue
        context = flat[max(0, found.start - 18) : found.start]
        kind = forced or amount_kind(context, loan=loan)
        if kind is None and re.match(r"\s*(?:整|\(含稅\))?\s*為(?:上)?限", flat[found.end : found.end + 8]):
            kind = "loan_cap" if loan else "cap_per_case"
        if kind and "另" in context:
            kind = "cap_extra"
        if kind:
            out.append(_benefit(kind, found.value["twd"], "TWD", _scope(applies_to, context), found.raw, line))
    for found in [] if ratio_only else find_percents(flat):
        if found.raw.endswith("成") and ("保證成數" in flat or forced == "guarantee_ratio"):
            continue  # read below as a ratio, with its range
        context = flat[max(0, found.start - 24) : found.start]
        kind = percent_kind(context, loan=loan)
        if kind:
            b = _benefit(kind, found.value["percent"], "%", _scope(applies_to, context), found.raw, line)
            out.append(_conditioned(b, flat[max(0, found.start - 30) : found.start]))
    if "保證成數" in flat or forced == "guarantee_ratio":
        for ratio in _RATIO.finditer(flat):
            context = flat[max(0, ratio.start() - 10) : ratio.start()]
            b = _benefit("guarantee_ratio", float(ratio.group(1)) * 10, "%", _scope(applies_to, context),
                         ratio.group(0), line)
            if ratio.group(2):
                b["value_max"] = float(ratio.group(2)) * 10  # 8~9成 is a range, not 80%
            if "最低" in context[-4:]:
                b["bound"] = "min"
            out.append(_conditioned(b, flat[max(0, ratio.start() - 30) : ratio.start()]))
    waivers = list(_WAIVER.finditer(flat)) if "手續費" in flat else []
    waiver = waivers[-1] if waivers else None  # the figure's own words, not a heading's
    if waiver:
        out.append(_benefit("fee_waiver", 100.0 if "全免" in waiver.group(0) else None, "%",
                            _scope(applies_to, flat[: waiver.start()]), waiver.group(0), line))
    return out


_RATIO = re.compile(r"(\d+(?:\.\d+)?)(?:\s*[~～-]\s*(\d+(?:\.\d+)?))?\s*成")
_WAIVER = re.compile(r"全免|減免|免收|免繳")
# A benefit's condition on the amount: 「貸款額度1,000萬元以內」, 「逾100萬元」, 「100萬元以下」.
_CONDITION = re.compile(
    r"(?:(?:貸款|保證|申貸)?額度)?\s*(?:(?:逾|超過)\s*[\d,.]+\s*[萬億]?元|[\d,.]+\s*[萬億]?元\s*(?:以內|以下|以上))")


def _conditioned(benefit: dict[str, Any], before: str) -> dict[str, Any]:
    """The benefit with the nearest amount condition stated before its figure, and its TWD bound."""
    found = list(_CONDITION.finditer(before))
    if not found:
        return benefit
    text = found[-1].group(0).strip()
    amounts = [a for a in find_amounts(text) if "twd" in a.value]
    if not amounts:
        return benefit
    over = "逾" in text or "超過" in text or "以上" in text
    return {**benefit, "condition": text, ("over_twd" if over else "up_to_twd"): int(amounts[0].value["twd"])}
_SCOPES = ("非中小微企業", "中小微企業", "中小企業", "中堅企業", "一般企業")


def _scope(applies_to: str, context: str) -> str:
    """Who a figure applies to: the caller's scope, or the nearest enterprise class named before it."""
    if applies_to:
        return applies_to
    hits = [(context.rfind(s) + len(s), len(s), s) for s in _SCOPES if s in context]
    return max(hits)[2] if hits else ""


def _benefit(kind: str, value: Any, unit: str, applies_to: str, text: str, line: int) -> dict[str, Any]:
    return {"kind": kind, "value": value, "unit": unit, "applies_to": applies_to, "text": text.strip(), "line": line}


def contradictory_amounts(benefits: list[dict[str, Any]]) -> list[str]:
    """Review flags for caps of the same kind and scope that disagree."""
    seen: dict[tuple[str, str], set[Any]] = {}
    for b in benefits:
        if b["kind"].startswith("cap_") or b["kind"].endswith("_cap"):
            seen.setdefault((b["kind"], b["applies_to"]), set()).add(b["value"])
    return [
        f"金額不一致：{kind}（{scope or '未分類'}）有 {'、'.join(str(v) for v in sorted(vals))}"
        for (kind, scope), vals in seen.items()
        if len(vals) > 1
    ]


_INSTRUMENTS: tuple[tuple[str, str], ...] = (
    ("保證", "guarantee"),
    ("貸款", "loan"),
    ("融資", "loan"),
    ("抵減", "tax_credit"),
    ("租稅", "tax_credit"),
    ("補助", "grant"),
    ("培訓", "training"),
    ("訓練", "training"),
    ("訪視", "consulting"),
    ("診斷", "consulting"),
    ("輔導", "consulting"),
)


def infer_instrument(*texts: str) -> str:
    """The main instrument (grant, loan, guarantee, training, consulting, tax_credit, service)."""
    for text in texts:
        for word, instrument in _INSTRUMENTS:
            if word in text:
                return instrument
    return "service"


# Facets by content, first match wins: (facet, words in the name, or in its other texts).
_FACET_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("智財", ("智慧財產", "專利", "智財", "商標")),
    ("節能減碳", ("節能", "減碳", "淨零", "低碳", "碳盤查", "綠色", "環保", "能源", "環境足跡", "永續", "ESCO", "溫室氣體")),
    ("人才", ("人才", "培訓", "訓練", "人力", "課程", "學院", "替代役", "延攬", "求才", "師資")),
    ("就業", ("就業", "勞工", "失業", "轉業", "職場", "僱用")),
    ("資金", ("貸款", "融資", "保證", "信保", "利息", "利率", "保費", "債務", "資金", "投資", "抵減", "租稅", "稅")),
    ("品牌行銷", ("品牌", "形象", "行銷", "廣宣", "標章", "媒體")),
    ("市場", ("市場", "拓銷", "外銷", "海外", "參展", "出口", "國際化", "買主", "訂單", "商機", "展覽", "通路")),
    ("數位轉型", ("AI", "數位", "資訊", "雲端", "電子商務", "ICT", "智慧", "4.0", "網路")),
    ("技術", ("技術", "研發", "創新", "試製", "檢測", "標準", "升級", "科技", "研究", "設計")),
    ("經營管理", ("輔導", "診斷", "管理", "經營", "通關", "稽核", "服務", "調整", "諮詢")),
)

# The facets by content and their words, as other modules read them (the reports' topics).
FACET_WORDS = _FACET_WORDS


def infer_facet(name: str, *texts: str) -> str:
    """The facet a measure's content points to (人才, 技術, 智財, 品牌行銷, 資金, 市場, 節能減碳 …):
    words in its name first, then in its summary or items; 其他 when nothing matches."""
    for text in (name, " ".join(texts)):
        for facet, words in _FACET_WORDS:
            if any(w in text for w in words):
                return facet
    return "其他"
