"""Report periods: 民國 years, quarters, months and dates, and the refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fudao.reports.periods import PeriodError, resolve


@pytest.mark.parametrize(("kwargs", "start", "end"), [
    ({"year": "112"}, dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    ({"year": "民國113年"}, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ({"quarter": "112Q4"}, dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
    ({"month": "113-02"}, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ({"start": "2023-03-01", "end": "112-03-31"}, dt.date(2023, 3, 1), dt.date(2023, 3, 31)),
])
def test_periods(kwargs: dict[str, str], start: dt.date, end: dt.date) -> None:
    period = resolve(**kwargs)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"year": "0"}, "不在可用範圍"),
    ({"year": "1000"}, "不在可用範圍"),
    ({"year": "abc"}, "須為數字"),
    ({"start": "2023-05-01", "end": "2023-01-01"}, "早於開始日期"),
    ({"start": "2023-05-01"}, "同時提供"),
    ({"quarter": "112Q5"}, "季別"),
    ({"month": "112-13"}, "月份"),
    ({"year": "112", "month": "112-01"}, "只指定一種"),
])
def test_bad_periods_are_named(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        resolve(**kwargs)


@given(st.text(max_size=20), st.text(max_size=20))
def test_any_dates_give_a_period_or_a_period_error(start: str, end: str) -> None:
    try:
        period = resolve(start=start or None, end=end or None)
    except PeriodError:
        return
    assert period.start <= period.end
