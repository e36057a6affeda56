"""Template filters for the pages: TWD amounts in 萬元/億元, 民國 dates, citations, tel: links."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import template

from fudao.zhtext.rocdates import format_roc_date

register = template.Library()

WAN = 10_000
YI = 100_000_000


@register.filter
def twd(value: Any) -> str:
    """An amount of TWD as the ministry writes it: 6,000萬元, 1億元, 1億2,000萬元, 5,000元."""
    if value is None or value == "":
        return ""
    try:
        amount = round(float(value))
    except (TypeError, ValueError):
        return str(value)
    if amount < WAN or amount % WAN:
        return f"{amount:,}元" if amount < WAN else f"{amount / WAN:,.1f}萬元".replace(".0萬", "萬")
    yi, wan = divmod(amount // WAN, YI // WAN)
    if not yi:
        return f"{wan:,}萬元"
    return f"{yi:,}億{wan:,}萬元" if wan else f"{yi:,}億元"


@register.filter
def roc_date(value: Any) -> str:
    """An ISO date (or date) as 民國115年1月19日; other text unchanged."""
    if isinstance(value, date):
        return format_roc_date(value)
    if isinstance(value, str):
        try:
            return format_roc_date(date.fromisoformat(value))
        except ValueError:
            return value
    return "" if value is None else str(value)


@register.filter
def doc_short(stem: str) -> str:
    """The document number of a stem: 002_45bc… → 002."""
    return str(stem).split("_", 1)[0]


@register.simple_tag
def cite(doc: str, line_start: int, line_end: int) -> str:
    """A citation as a person reads it: 「002 第 71–75 行」 (or 「第 71 行」)."""
    lines = f"第 {line_start} 行" if line_start == line_end else f"第 {line_start}–{line_end} 行"
    return f"{doc_short(doc)} {lines}"


@register.filter
def tel_href(phone: str, ext: str | None = None) -> str:
    """A tel: URI for a Taiwanese number (extension dialled after a pause)."""
    digits = re.sub(r"[^\d+]", "", str(phone or ""))
    ext_digits = re.sub(r"\D", "", str(ext or ""))
    return f"tel:{digits},{ext_digits}" if ext_digits else f"tel:{digits}"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
