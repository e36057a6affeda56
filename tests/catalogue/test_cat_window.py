"""Application windows: parsing the wording, and whether a measure is open on a date."""

from __future__ import annotations

from datetime import date

import pytest

from fudao.catalogue.extract.common import parse_window
from fudao.catalogue.window import is_open


@pytest.mark.parametrize(
    ("text", "start", "end", "open_ended", "recurring"),
    [
        ("105.05.01-105.05.31\n105.08.01-105.08.31", "2016-05-01", "2016-08-31", False, False),
        ("自民國114年8月7日起受理至經費用罄為止", "2025-08-07", None, True, False),
        ("隨時可與學校洽商", None, None, True, False),
        ("經常性業務，本(105)年度申請期限至 6/30 止", None, "2016-06-30", False, True),
        ("於 105 年 10 月中旬開始受理申請", "2016-10-01", None, True, False),
        ("104年 11月 19至 105年 1月 29日", "2015-11-19", "2016-01-29", False, False),
    ],
)
def test_parse_window(text, start, end, open_ended, recurring):
    w = parse_window(text)
    assert (w["start"], w["end"], w["is_open_ended"], w["recurring"]) == (start, end, open_ended, recurring)


def test_yearly_months_are_read():
    assert parse_window("原則每年 3\n月至 4月提出申請")["yearly_months"] == [3, 4]


def test_open_on_dates():
    dated = parse_window("105.05.01-105.05.31")
    assert is_open(dated, date(2016, 5, 10))
    assert not is_open(dated, date(2026, 11, 22))
    assert not is_open(dated, date(2016, 4, 30))
    assert is_open(parse_window("經常性業務，本(105)年度申請期限至 6/30 止"), date(2026, 11, 22))
    yearly = parse_window("每年 3月至 4月")
    assert is_open(yearly, date(2026, 3, 15)) and not is_open(yearly, date(2026, 11, 22))
    assert is_open(parse_window("自民國114年8月7日起受理"), date(2026, 11, 22))
    assert not is_open(parse_window("自民國114年8月7日起受理"), date(2025, 8, 6))
    assert is_open(None, date(2026, 11, 22))
