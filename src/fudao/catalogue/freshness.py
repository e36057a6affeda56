"""Whether a measure can be applied for today, as far as its documents say: its window state.

States (each with a zh-TW label for the pages and the CLI):
- `open`: a stated window covers the day (a start not after it, an end not before it, or a
  recurring yearly window on its months), and the window is dated or the source is recent;
- `closed`: a stated window ended before the day, has not started yet, or is outside its
  yearly months;
- `not_stated`: the source is recent (or undated) and states no window;
- `unconfirmed`: the source is older than FUDAO_STALE_MONTHS (default 18) and states no window,
  or only an open-ended or yearly one (隨時, 經費用罄為止, 每年): nothing says it still runs, so it
  is never `open`.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from django.conf import settings

from fudao.catalogue.window import is_open

DEFAULT_STALE_MONTHS = 18
STATES = ("open", "not_stated", "unconfirmed", "closed")
STATE_LABELS = {"open": "受理中", "not_stated": "文件未載明申請期間", "unconfirmed": "待確認",
                "closed": "已截止"}
# The order of groups on the pages and in `match`: usable first.
STATE_RANK = {state: i for i, state in enumerate(STATES)}
ACCEPTING = ("open", "not_stated")


def stale_months() -> int:
    """The age in months after which a source without a dated window is no longer trusted."""
    raw: Any = getattr(settings, "FUDAO_STALE_MONTHS", None) if settings.configured else None
    raw = raw or os.environ.get("FUDAO_STALE_MONTHS")
    try:
        return int(raw) if raw not in (None, "") else DEFAULT_STALE_MONTHS
    except ValueError:
        return DEFAULT_STALE_MONTHS


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later`."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def is_stale(as_of: Any, on: date, limit: int | None = None) -> bool:
    """Whether a source dated `as_of` is older than the limit on `on` (an undated source is not)."""
    day = _as_date(as_of)
    if day is None:
        return False
    return months_between(day, on) > (stale_months() if limit is None else limit)


def _has_window(window: dict[str, Any] | None) -> bool:
    if not window:
        return False
    return bool(window.get("start") or window.get("end") or window.get("is_open_ended") or window.get("recurring"))


def window_state(window: dict[str, Any] | None, as_of: Any, on: date, limit: int | None = None) -> str:
    """The state of a measure on `on` from its window and its source's date (see the module doc)."""
    stale = is_stale(as_of, on, limit)
    if not _has_window(window):
        return "unconfirmed" if stale else "not_stated"
    assert window is not None
    if not is_open(window, on):
        return "closed"
    if stale and (not window.get("end") or window.get("recurring")):
        return "unconfirmed"  # 隨時受理 or 每年 in a document years old says nothing about today
    return "open"


def roc_year(day: date) -> int:
    """The 民國 year of a date."""
    return day.year - 1911


def _roc(day: date) -> str:
    return f"民國{roc_year(day)}年{day.month}月{day.day}日"


def state_label(state: str, window: dict[str, Any] | None, as_of: Any, on: date) -> str:
    """A zh-TW sentence for the state on `on`, e.g. 「資料日期 民國105年，請向承辦單位確認是否仍受理」."""
    day = _as_date(as_of)
    start, end = _as_date((window or {}).get("start")), _as_date((window or {}).get("end"))
    if state == "unconfirmed":
        year = f"民國{roc_year(day)}年" if day else "不明"
        return f"資料日期 {year}，請向承辦單位確認是否仍受理"
    if state == "closed":
        if end and end < on:
            return f"已於 {_roc(end)} 截止受理"
        if start and start > on:
            return f"自 {_roc(start)} 起受理，尚未開始"
        return "目前非受理期間"
    if state == "open":
        return f"受理中，至 {_roc(end)}" if end else "受理中"
    year = f"（資料日期 民國{roc_year(day)}年）" if day else ""
    return f"文件未載明申請期間{year}，請洽承辦單位"
