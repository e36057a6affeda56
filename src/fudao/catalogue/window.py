"""Whether a measure is open on a date, from its application window.

The rules (documented for editors and users):
- a window with a start date is closed before it; one with an end date is closed after it;
- a recurring yearly window (經常性業務, 每年…) is open every year: on its months when the
  wording names them (每年3月至4月), otherwise always; a past year's dates in the wording
  (本(105)年度…) do not close it — the original text is shown so the reader can check;
- 隨時, 至經費用罄為止 and `X起` windows have no end;
- a measure whose document states no window is treated as open (its review flags say the
  window is missing), since nothing closes it.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def is_open(window: dict[str, Any] | None, on: date) -> bool:
    """Whether the window admits applications on `on`."""
    if not window:
        return True
    if window.get("recurring"):
        months = window.get("yearly_months")
        if months:
            first, last = int(months[0]), int(months[1])
            inside = first <= on.month <= last if first <= last else on.month >= first or on.month <= last
            return inside
        return True
    periods = window.get("periods") or []
    if len(periods) > 1:  # several windows of one form: open within one of them
        return any(_day(a) <= on <= _day(b) for a, b in periods)  # type: ignore[operator]
    start, end = _day(window.get("start")), _day(window.get("end"))
    if start and on < start:
        return False
    return not (end and on > end)
