"""Dates in the 民國 (ROC) and common eras: parsing, finding, formatting, query variants.

Found kinds: `date` {"date": iso} (`112 年 4 月 17 日`, `民國114年8月7日`, `114.8.7`,
`105/5/1`, `2026年1月19日`, `2026-01-19`); `date_range` {"start": iso, "end": iso}
(`105.05.01-105.05.31`, `114年8月7日至9月30日`, `113年8月` (a month), `114年1至2月`,
`113年1月至6月`, `113年下半年`, `114年第1季`, `112至115年`); `year` {"year": AD, "roc": n}
(`113年度`, `112年`, `民國112年`, `2023年`). A bare `N年` is a year only for plausible ROC
years (60–130) or AD years (1900–2100), so durations such as `近3年` are not dates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fudao.zhtext.found import Found, longest_without_overlaps
from fudao.zhtext.normalize import fold_for_finders

ROC_OFFSET = 1911
TAIPEI = ZoneInfo("Asia/Taipei")
_SEP = r"\s*(?:-|~|～|至|到|－|—|–)\s*"
_YEAR = r"(?<!\d)(?<!\d[.,])(?P<era>民國|西元)?\s*(?P<y>\d{1,4})\s*年"
# `本(104)年` ("this year, 104") is how a report dates its own year: read as `104 年`.
_THIS_YEAR = re.compile(r"本\s*[(（]\s*(\d{2,3})\s*[)）](?=\s*年)")
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}


def roc_to_ad(y: int) -> int:
    """The AD year of ROC year `y` (112 → 2023)."""
    return y + ROC_OFFSET


def ad_to_roc(y: int) -> int:
    """The ROC year of AD year `y` (2023 → 112)."""
    return y - ROC_OFFSET


def format_roc_date(d: date) -> str:
    """`d` as the ministry writes it: 民國115年1月19日."""
    return f"民國{ad_to_roc(d.year)}年{d.month}月{d.day}日"


def format_roc_instant(when: datetime) -> str:
    """An instant as 民國115年1月19日 14:05 in Taipei time (a naive one is taken as Taipei's)."""
    local = when.astimezone(TAIPEI) if when.tzinfo is not None else when
    return f"{format_roc_date(local.date())} {local:%H:%M}"


def display_roc_date(value: date | str | None) -> str:
    """A date, or an ISO date string, as 民國115年1月19日 for display; any other text
    (`隨到隨審`) unchanged, '' for None."""
    if isinstance(value, date):
        return format_roc_date(value)
    if value is None:
        return ""
    try:
        return format_roc_date(date.fromisoformat(value))
    except ValueError:
        return value


def _year(y: str, era: str | None = None, *, strict: bool = True) -> int | None:
    """The AD year a written year stands for, or None when it is not a plausible year."""
    n = int(y)
    if len(y) == 4:
        return n if 1900 <= n <= 2100 and era != "民國" else None
    if era == "民國":
        return roc_to_ad(n) if 1 <= n <= 200 else None
    if len(y) == 1:
        return None
    low = 60 if strict else 1
    return roc_to_ad(n) if low <= n <= 130 and not y.startswith("0") else None


def _day(y: int | None, m: str, d: str) -> date | None:
    if y is None:
        return None
    try:
        return date(y, int(m), int(d))
    except ValueError:
        return None


def _month_span(y: int | None, m1: int, m2: int) -> tuple[date, date] | None:
    if y is None or not (1 <= m1 <= m2 <= 12):
        return None
    return date(y, m1, 1), date(y, m2, calendar.monthrange(y, m2)[1])


Span = tuple[str, dict[str, object]] | None
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Span]]] = []


def _rule(
    pattern: str,
) -> Callable[[Callable[[re.Match[str]], Span]], Callable[[re.Match[str]], Span]]:
    def register(fn: Callable[[re.Match[str]], Span]) -> Callable[[re.Match[str]], Span]:
        _RULES.append((re.compile(pattern), fn))
        return fn

    return register


def _single(d: date | None) -> Span:
    return None if d is None else ("date", {"date": d.isoformat()})


def _range(start: date | None, end: date | None) -> Span:
    if start is None or end is None or end < start:
        return None
    return "date_range", {"start": start.isoformat(), "end": end.isoformat()}


_CJK_DAY = rf"{_YEAR}\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日號]"
_NUM_DAY = r"(?<!\d)(?<!\d\.)(?P<y>\d{2,4})(?P<s>[./])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\.?\d)"
_ISO_DAY = r"(?<!\d)(?<!\d\.)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"


@_rule(_CJK_DAY)
def _cjk_day(m: re.Match[str]) -> Span:
    return _single(_day(_year(m["y"], m["era"], strict=False), m["m"], m["d"]))


@_rule(_NUM_DAY)
def _num_day(m: re.Match[str]) -> Span:
    return _single(_day(_year(m["y"]), m["m"], m["d"]))


@_rule(_ISO_DAY)
def _iso_day(m: re.Match[str]) -> Span:
    return _single(_day(_year(m["y"]), m["m"], m["d"]))


@_rule(
    rf"{_CJK_DAY}{_SEP}(?:(?P<era2>民國)?\s*(?P<y2>\d{{2,4}})\s*年\s*)?"
    r"(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*[日號]"
)
def _cjk_range(m: re.Match[str]) -> Span:
    start = _day(_year(m["y"], m["era"], strict=False), m["m"], m["d"])
    if start is None:
        return None
    y2 = _year(m["y2"], m["era2"], strict=False) if m["y2"] else start.year
    return _range(start, _day(y2, m["m2"] or str(start.month), m["d2"]))


@_rule(
    r"(?<!\d)(?<!\d\.)(?P<y>\d{2,4})(?P<s>[./])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    rf"{_SEP}(?:(?P<y2>\d{{2,4}})(?P=s))?(?P<m2>\d{{1,2}})(?P=s)(?P<d2>\d{{1,2}})(?!\.?\d)"
)
def _num_range(m: re.Match[str]) -> Span:
    start = _day(_year(m["y"]), m["m"], m["d"])
    if start is None:
        return None
    y2 = _year(m["y2"]) if m["y2"] else start.year
    return _range(start, _day(y2, m["m2"], m["d2"]))


@_rule(rf"{_YEAR}\s*(?P<m>\d{{1,2}})\s*(?:月\s*)?(?:{_SEP}|、)(?P<m2>\d{{1,2}})\s*月(?!\s*\d)")
def _month_range(m: re.Match[str]) -> Span:
    span = _month_span(_year(m["y"], m["era"], strict=False), int(m["m"]), int(m["m2"]))
    return None if span is None else _range(*span)


@_rule(rf"{_YEAR}\s*(?P<m>\d{{1,2}})\s*月(?!\s*\d{{1,2}}\s*[日號])(?!\s*(?:-|~|至|到)\s*\d)")
def _month(m: re.Match[str]) -> Span:
    month = int(m["m"])
    span = _month_span(_year(m["y"], m["era"], strict=False), month, month)
    return None if span is None else _range(*span)


@_rule(rf"{_YEAR}\s*度?\s*(?P<h>上|下)半年度?")
def _half(m: re.Match[str]) -> Span:
    first = 1 if m["h"] == "上" else 7
    span = _month_span(_year(m["y"], m["era"], strict=False), first, first + 5)
    return None if span is None else _range(*span)


@_rule(rf"{_YEAR}\s*度?\s*第\s*(?P<q>[1-4一二三四])\s*季")
def _quarter(m: re.Match[str]) -> Span:
    q = _CN_QUARTER.get(m["q"]) or int(m["q"])
    span = _month_span(_year(m["y"], m["era"], strict=False), 3 * q - 2, 3 * q)
    return None if span is None else _range(*span)


@_rule(
    rf"(?<!\d)(?<!\d[.,])(?P<era>民國|西元)?\s*(?P<y>\d{{2,4}})\s*(?:年\s*)?{_SEP}(?P<y2>\d{{2,4}})\s*年度?"
)
def _year_range(m: re.Match[str]) -> Span:
    y1, y2 = _year(m["y"], m["era"]), _year(m["y2"], m["era"])
    if y1 is None or y2 is None or len(m["y"]) != len(m["y2"]):
        return None
    return _range(date(y1, 1, 1), date(y2, 12, 31))


@_rule(rf"{_YEAR}(?:度)?(?!\s*\d)")
def _year_only(m: re.Match[str]) -> Span:
    y = _year(m["y"], m["era"])
    return None if y is None else ("year", {"year": y, "roc": ad_to_roc(y)})


def _blank_around_year(m: re.Match[str]) -> str:
    """`本(104)` as `   104 `: the same length, so positions still point into the original."""
    start, end = m.span(1)
    return " " * (start - m.start()) + m.group(1) + " " * (m.end() - end)


def find_dates(text: str) -> list[Found]:
    """Every date, date range and year in `text`, in order, the longest reading winning."""
    folded = _THIS_YEAR.sub(_blank_around_year, fold_for_finders(text))
    candidates: list[Found] = []
    for pattern, handler in _RULES:
        for match in pattern.finditer(folded):
            span = handler(match)
            if span is not None:
                start, end = match.start(), match.end()
                while folded[start].isspace():
                    start += 1
                candidates.append(Found(span[0], text[start:end], span[1], start, end))
    return longest_without_overlaps(candidates)


def parse_roc_date(s: str) -> date | None:
    """The calendar day `s` writes (`112 年 4 月 17 日`, `114.8.7`, `105/5/1`, `2026年1月19日`)."""
    for found in find_dates(s):
        if found.kind == "date":
            return date.fromisoformat(found.value["date"])
    return None


_VARIANT_YEAR = re.compile(
    r"(?<!\d)(?<!\d[.,])(?P<era>民國|西元)?\s*(?P<y>\d{2,4})\s*年|(?<!\d)(?<!\d[.,])(?P<ad>(?:19|20)\d{2})(?!\d)(?![.,]\d)"
)


def year_variants(text: str) -> list[str]:
    """The other-era spellings of every year in `text`, for query expansion:
    `2023年` → [`112年`, `民國112年`]; `112年` → [`2023年`, `民國112年`]."""
    out: list[str] = []
    folded = fold_for_finders(text)
    for m in _VARIANT_YEAR.finditer(folded):
        digits = m["y"] or m["ad"]
        y = _year(digits, m["era"], strict=False)
        if y is None:
            continue
        if len(digits) == 4:
            forms = [f"{ad_to_roc(y)}年", f"民國{ad_to_roc(y)}年"]
        else:
            forms = [f"{y}年", f"{ad_to_roc(y)}年", f"民國{ad_to_roc(y)}年"]
        for form in forms:
            if form not in out and form not in folded.replace(" ", ""):
                out.append(form)
    return out
