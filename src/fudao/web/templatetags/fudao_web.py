"""Template filters for the pages: TWD amounts in 萬元/億元, 民國 dates, citations, tel: links."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html

from fudao.matching.vocabulary import MATCH_STATUSES
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
def match_status(value: Any) -> str:
    """The zh-TW label of a match status (符合資格, 可能符合（尚缺資料）, 不符合)."""
    return MATCH_STATUSES.get(str(value), str(value))


@register.filter
def roc_date(value: Any) -> str:
    """An ISO date (or date) as 民國115年1月19日 (see `fudao.zhtext.rocdates.display_roc_date`);
    other text unchanged."""
    if isinstance(value, str) and len(value) > 10 and value[10] in "T ":
        value = value[:10]  # an ISO date-time (local): its day
    if value is None or isinstance(value, date | str):
        return display_roc_date(value)
    return str(value)


def _days_from_today(value: Any) -> int | None:
    from fudao.cases.followups import today

    try:
        due = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return (due - today()).days


@register.filter
def due_words(value: Any) -> str:
    """A due day counted from today: 「3 天後到期」, 「今天到期」 or 「逾期 5 天」 ('' if unreadable)."""
    days = _days_from_today(value)
    if days is None:
        return ""
    if days == 0:
        return "今天到期"
    return f"{days} 天後到期" if days > 0 else f"逾期 {-days} 天"


@register.filter
def overdue_today(value: Any) -> bool:
    """Whether a due day is before today."""
    days = _days_from_today(value)
    return days is not None and days < 0


@register.filter
def doc_short(stem: str) -> str:
    """The document number of a stem: 002_45bc… → 002."""
    return str(stem).split("_", 1)[0]


@register.simple_tag
def cite(doc: str, line_start: int, line_end: int) -> str:
    """A citation as a person reads it: 「002 第 71–75 行」 (or 「第 71 行」)."""
    lines = f"第 {line_start} 行" if line_start == line_end else f"第 {line_start}–{line_end} 行"
    return f"{doc_short(doc)} {lines}"


def _headers(context: Any) -> dict[str, Any]:
    """Document titles and dates, read once per page render."""
    store = context.render_context
    if "fudao_doc_headers" not in store:
        from fudao.documents.selectors import document_headers

        store["fudao_doc_headers"] = document_headers()
    return store["fudao_doc_headers"]


def citation_href(doc: str, line_start: int, line_end: int | None = None, context_line: int | None = None) -> str:
    """The viewer address of a cited range: /documents/<stem>/?hl=250-264#L250, with `&ctx=241`
    when the heading the range sits under is cited as its context."""
    end = line_end or line_start
    ctx = f"&ctx={context_line}" if context_line and int(context_line) < int(line_start) else ""
    return f"/documents/{doc}/?hl={line_start}-{end}{ctx}#L{line_start}"


@register.simple_tag(takes_context=True)
def cite_link(context: Any, doc: str, line_start: int, line_end: int | None = None,
              context_line: int | None = None) -> str:
    """A citation a person can open: the document's title and year, its number and lines, linked
    to the document viewer with the lines highlighted (and the heading `context_line` marked as
    their context)."""
    header = _headers(context).get(doc)
    end = line_end or line_start
    year = f"（民國{header.as_of.year - 1911}年）" if header and header.as_of else ""
    title = f"《{header.title}》{year}" if header and header.title else ""
    return format_html('<a class="cite" href="{}">{}文件 {}</a>', citation_href(doc, line_start, end, context_line),
                       title, cite(doc, line_start, end))


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


@register.filter
def benefit_label(kind: str) -> str:
    """The zh-TW label of a benefit kind (see presenters.BENEFIT_LABELS)."""
    from fudao.web.presenters import benefit_label as label

    return label(str(kind))


@register.filter
def state_title(state: str) -> str:
    """The badge text of a window state (受理中, 已截止, 待確認是否仍受理 …)."""
    from fudao.web.presenters import STATE_TITLES

    return STATE_TITLES.get(str(state), str(state))
