"""One validation layer for every entry point (pages, API, CLI, import): text without NUL or
control characters, finite numbers within their field's range, counties among the 22, instants
within the service's life (民國 1 to a day from now), case numbers of valid 民國 years.

Each check raises `Invalid` (a ValueError) whose zh-TW message names the field by its label;
callers wrap it in their own error type where they have one."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Any

from fudao.errors import Invalid

# The 22 counties and cities (縣市) of Taiwan, Penghu, Kinmen and Matsu.
COUNTIES: tuple[str, ...] = (
    "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市", "嘉義市",
    "新竹縣", "苗栗縣", "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣",
    "臺東縣", "澎湖縣", "金門縣", "連江縣",
)
_COUNTY_ALIASES = {c.replace("臺", "台"): c for c in COUNTIES if "臺" in c}

# C0 and C1 control characters, DEL, and lone surrogates; tab, newline and carriage return allowed.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

ROC_EPOCH = dt.datetime(1912, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # 民國 1 年 1 月 1 日
FUTURE_SKEW = dt.timedelta(days=1)
MAX_OFFSET = dt.timedelta(hours=14)  # the widest UTC offset in use (Kiribati)
MAX_ROC_YEAR = 999  # case numbers hold 2–3 digits of year


__all__ = ["Invalid"]  # the one error of a refused value (fudao.errors), re-exported


def _name(label: str) -> str:
    return label if "「" in label or label.startswith("--") else f"「{label}」"


def control_character(text: str) -> str | None:
    """The first forbidden character of a text as a readable code (U+0000), or None."""
    found = CONTROL.search(text)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X}"


def shown(value: Any, limit: int = 40) -> str:
    """A value as a message may quote it back: control characters and unpaired surrogates
    written as their code (U+0000), which every page and JSON answer can carry; cut at
    `limit` characters with an ellipsis."""
    text = str(value)
    cut = text[:limit] + ("…" if len(text) > limit else "")
    return CONTROL.sub(lambda m: f"U+{ord(m.group()):04X}", cut)


def check_text(value: Any, label: str, *, limit: int | None = None, field: str | None = None) -> str:
    """A text free of NUL, C0/C1 control characters and unpaired surrogates (tab and newline
    allowed), at most `limit` characters; Invalid naming the label otherwise."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(f"{_name(label)}須為文字", field)
    bad = control_character(value)
    if bad is not None:
        kind = "無法辨識的字元（不成對的代理字元）" if bad >= "U+D800" and bad <= "U+DFFF" else "控制字元"
        raise Invalid(f"{_name(label)}含有不允許的{kind}（{bad}），請刪除後再送出", field)
    if limit is not None and len(value) > limit:
        raise Invalid(f"{_name(label)}過長（上限 {limit:,} 字）", field)
    return value


def check_number(value: Any, label: str, *, minimum: float | None = None, maximum: float | None = None,
                 integer: bool = False, field: str | None = None) -> int | float:
    """A finite number (not bool) within [minimum, maximum]; Invalid naming the label otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"{_name(label)}須為{'整數' if integer else '數字'}", field)
    if isinstance(value, float) and not math.isfinite(value):
        raise Invalid(f"{_name(label)}須為有限的數字（不可為 NaN、Infinity 或超出範圍）", field)
    if integer and isinstance(value, float) and not value.is_integer():
        raise Invalid(f"{_name(label)}須為整數", field)
    if minimum is not None and value < minimum:
        raise Invalid(f"{_name(label)}不可為負數" if minimum == 0 else f"{_name(label)}不可小於 {minimum:,g}", field)
    if maximum is not None and value > maximum:
        raise Invalid(f"{_name(label)}不可大於 {maximum:,.0f}", field)
    return value


def check_county(value: Any, label: str = "縣市", *, field: str | None = None) -> str:
    """One of the 22 counties (台 written for 臺 is accepted and normalised); Invalid otherwise."""
    text = check_text(value, label, field=field).strip()
    text = _COUNTY_ALIASES.get(text, text)
    if text not in COUNTIES:
        raise Invalid(f"{_name(label)}「{text[:20]}」不是臺灣的縣市（例如 臺北市、新竹縣）", field)
    return text


def check_instant(value: dt.datetime, label: str, *, past_event: bool = True,
                  now: dt.datetime | None = None, field: str | None = None) -> dt.datetime:
    """An aware instant (a naive one is taken in Asia/Taipei) with a sane UTC offset, not before
    民國 1 (1912-01-01) and, for a past event, not more than a day in the future."""
    from django.utils import timezone

    if timezone.is_naive(value):
        if value.year < 1912:
            raise Invalid(f"{_name(label)}不可早於民國 1 年（1912-01-01）", field)
        value = timezone.make_aware(value)
    offset = value.utcoffset() or dt.timedelta(0)
    if abs(offset) > MAX_OFFSET:
        raise Invalid(f"{_name(label)}的時區位移過大（須在 ±14 小時內）", field)
    try:
        early = value < ROC_EPOCH
    except OverflowError:
        early = True
    if early:
        raise Invalid(f"{_name(label)}不可早於民國 1 年（1912-01-01）", field)
    if past_event and value > (now or timezone.now()) + FUTURE_SKEW:
        raise Invalid(f"{_name(label)}不可晚於現在", field)
    return value


# A day written with a 民國 year (2 or 3 digits: 115/03/05, 115.3.5, 115-03-05, 民國115年3月5日)
# or a year of the common era with slashes (2026/03/05); the rest (a time) is kept.
_ROC_DAY = re.compile(r"^\s*(?:民國\s*)?(?P<y>\d{2,3})\s*(?:年|/|\.|-)\s*(?P<m>\d{1,2})\s*(?:月|/|\.|-)"
                      r"\s*(?P<d>\d{1,2})\s*[日號]?(?P<rest>.*)$")
_AD_SLASH_DAY = re.compile(r"^\s*(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?P<rest>.*)$")
DAY_FORMS = "YYYY-MM-DD 或民國年（例如 115/03/05）"


def _iso_text(raw: str) -> str:
    """The text with a 民國 (or slashed) day rewritten as an ISO day; other text unchanged."""
    found = _ROC_DAY.match(raw)
    year_offset = 1911
    if found is None:
        found, year_offset = _AD_SLASH_DAY.match(raw), 0
    if found is None:
        return raw
    rest = found["rest"].strip()
    rest = "0" + rest if re.match(r"\d:", rest) else rest
    day = f"{int(found['y']) + year_offset:04d}-{int(found['m']):02d}-{int(found['d']):02d}"
    return f"{day}T{rest}" if rest and rest[0].isdigit() else day + rest


def parse_day(text: Any, label: str, *, field: str | None = None) -> dt.date:
    """A calendar day from text: ISO (2026-03-05) or 民國 (115/03/05, 民國115年3月5日); Invalid
    (zh-TW, naming the field) otherwise. The one day parser of the CLI, API, pages and import."""
    if isinstance(text, dt.date) and not isinstance(text, dt.datetime):
        return text
    raw = check_text(text, label, limit=40, field=field).strip()
    try:
        return dt.date.fromisoformat(_iso_text(raw))
    except ValueError:
        raise Invalid(f"{_name(label)}「{raw[:40]}」日期格式不正確，請用 {DAY_FORMS}", field) from None


def parse_instant(text: Any, label: str, *, past_event: bool = True, field: str | None = None) -> dt.datetime:
    """A date or instant from text (ISO 8601, or a 民國 day with an optional time; Asia/Taipei
    without an offset), checked by `check_instant`; Invalid otherwise."""
    if isinstance(text, dt.datetime):
        return check_instant(text, label, past_event=past_event, field=field)
    raw = check_text(text, label, limit=64, field=field).strip()
    try:
        value = dt.datetime.fromisoformat(_iso_text(raw).replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(f"{_name(label)}「{raw[:40]}」不是 ISO 8601 時間（例如 2026-03-05T09:30+08:00）"
                      "或民國日期（例如 115/03/05 09:30）", field) from None
    return check_instant(value, label, past_event=past_event, field=field)


def check_roc_year(year: int, label: str = "民國年") -> int:
    """A 民國 year from which a case number may be made (1 to 999)."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= MAX_ROC_YEAR:
        raise Invalid(f"{_name(label)}須為民國 1 至 {MAX_ROC_YEAR} 年（收到 {year}）")
    return year


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string inside a JSON value (keys included) with the path to it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str):
                yield where, key
            yield from strings(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")


def numbers(value: Any, path: str = "") -> Iterator[tuple[str, float]]:
    """Every float inside a JSON value with the path to it."""
    if isinstance(value, float):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from numbers(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from numbers(item, f"{path}[{index}]")


def check_record(record: Any, labels: dict[str, str] | None = None) -> None:
    """Every text of a record (a JSON value) free of control characters and every number
    finite; Invalid naming the first field (by its label where `labels` has one)."""
    names = labels or {}

    def label(path: str, key: str) -> str:  # the member's own label ("contact.name"), else its field's
        return names.get(re.sub(r"\[\d+\]", "", path)) or names.get(key) or shown(key)

    for path, text in strings(record):
        key = path.split(".")[0].split("[")[0]
        check_text(text, label(path, key) or "欄位名稱", field=key)
    for path, number in numbers(record):
        key = path.split(".")[0].split("[")[0]
        check_number(number, label(path, key) or "數值", field=key)
