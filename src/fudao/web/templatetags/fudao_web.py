"""Template filters for the pages: TWD amounts in 萬元/億元, 民國 dates, citations, tel: links."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import template

from fudao.zhtext.amounts import format_twd
from fudao.zhtext.rocdates import display_roc_date

register = template.Library()


@register.filter
def twd(value: Any) -> str:
    """An amount of TWD as the ministry writes it (see `fudao.zhtext.amounts.format_twd`);
    text that is not a number is shown unchanged."""
    if value is None or value == "":
        return ""
    try:
        amount = value if isinstance(value, int | float | Decimal) else Decimal(str(value).strip())
        return format_twd(amount)
    except (ArithmeticError, ValueError):
        return str(value)


@register.filter
def roc_date(value: Any) -> str:
    """An ISO date (or date) as 民國115年1月19日 (see `fudao.zhtext.rocdates.display_roc_date`);
    other text unchanged."""
    if value is None or isinstance(value, date | str):
        return display_roc_date(value)
    return str(value)


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
