"""Taiwan's working calendar: Monday to Friday 08:30-17:30 Asia/Taipei, less public holidays,
plus make-up workdays (補班), as the `holidays` package's TW calendar gives them."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from fudao.errors import Invalid

TAIPEI = ZoneInfo("Asia/Taipei")


class WorkingCalendar:
    """Working minutes between instants, and the instant a number of working minutes after one."""

    def __init__(self, start: dt.time = dt.time(8, 30), end: dt.time = dt.time(17, 30)) -> None:
        self.start, self.end = start, end
        self.minutes_per_day = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)

    def is_working_day(self, day: dt.date) -> bool:
        """Whether `day` is a working day in Taiwan (make-up Saturdays included)."""
        return _working(day)

    def _window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        return (dt.datetime.combine(day, self.start, TAIPEI), dt.datetime.combine(day, self.end, TAIPEI))

    def add(self, at: dt.datetime, minutes: int) -> dt.datetime:
        """The instant at which `minutes` working minutes have elapsed since `at` (a clock started
        outside working time starts at the next working minute)."""
        local = at.astimezone(TAIPEI)
        day, remaining = local.date(), minutes
        for _ in range(3700):  # ten years of days at most
            if self.is_working_day(day):
                open_at, close_at = self._window(day)
                begin = max(local, open_at)
                if begin < close_at:
                    left = int((close_at - begin).total_seconds() // 60)
                    if remaining <= left:
                        return begin + dt.timedelta(minutes=remaining)
                    remaining -= left
            day += dt.timedelta(days=1)
        raise Invalid("期限超出可計算的範圍")

    def between(self, a: dt.datetime, b: dt.datetime) -> int:
        """Working minutes from `a` to `b` (0 when b is not after a)."""
        if b <= a:
            return 0
        la, lb = a.astimezone(TAIPEI), b.astimezone(TAIPEI)
        total, day = 0.0, la.date()
        while day <= lb.date():
            if self.is_working_day(day):
                open_at, close_at = self._window(day)
                lo, hi = max(la, open_at), min(lb, close_at)
                if hi > lo:
                    total += (hi - lo).total_seconds() / 60
            day += dt.timedelta(days=1)
        return int(total)


@lru_cache(maxsize=8192)
def _working(day: dt.date) -> bool:
    return bool(_tw(day.year).is_working_day(day))


@lru_cache(maxsize=64)
def _tw(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("TW", years=year)
