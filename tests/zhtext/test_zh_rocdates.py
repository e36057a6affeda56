"""ROC (民國) and AD dates, ranges and years."""

from datetime import UTC, date, datetime

import pytest

from fudao.zhtext.rocdates import (
    ad_to_roc,
    display_roc_date,
    find_dates,
    format_roc_date,
    parse_roc_date,
    roc_to_ad,
    year_variants,
)


def test_roc_ad_conversion():
    assert roc_to_ad(112) == 2023
    assert ad_to_roc(2026) == 115


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("112 年 4 月 17 日", date(2023, 4, 17)),
        ("民國114年8月7日", date(2025, 8, 7)),
        ("114.8.7", date(2025, 8, 7)),
        ("105/5/1", date(2016, 5, 1)),
        ("2026年1月19日", date(2026, 1, 19)),
        ("2026-01-19", date(2026, 1, 19)),
        ("自民國１１４年８月７日起受理", date(2025, 8, 7)),
        *((text, None) for text in ["114年2月30日", "0800-000-257", "3.14.5", "近3年", ""]),
    ],
)
def test_parse_roc_date(text, day):
    assert parse_roc_date(text) == day


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("105.05.01-105.05.31", "2016-05-01", "2016-05-31"),
        ("105/2/15~105/3/31", "2016-02-15", "2016-03-31"),
        ("114年1至2月", "2025-01-01", "2025-02-28"),
        ("113年下半年", "2024-07-01", "2024-12-31"),
        ("113年上半年", "2024-01-01", "2024-06-30"),
        ("113年1月至6月", "2024-01-01", "2024-06-30"),
        ("114年8月7日至9月30日", "2025-08-07", "2025-09-30"),
        ("97年 3 月 1 日至 100 年 11 月 30 日", "2008-03-01", "2011-11-30"),
        ("113年8月", "2024-08-01", "2024-08-31"),
        ("114年第1季", "2025-01-01", "2025-03-31"),
        ("100 年至 103 年", "2011-01-01", "2014-12-31"),
        ("112-115年", "2023-01-01", "2026-12-31"),
    ],
)
def test_ranges(text, start, end):
    [found] = find_dates(text)
    assert found.kind == "date_range"
    assert found.value == {"start": start, "end": end}
    assert found.raw == text


@pytest.mark.parametrize(
    ("text", "year", "roc"),
    [("113年度", 2024, 113), ("112年", 2023, 112), ("民國112年", 2023, 112), ("2023年", 2023, 112)],
)
def test_years(text, year, roc):
    [found] = find_dates(text)
    assert (found.kind, found.value) == ("year", {"year": year, "roc": roc})


@pytest.mark.parametrize("text", ["近3年具輸美實績", "最長6年", "貸款期限最長 7 年"])
def test_durations_are_not_years(text):
    assert find_dates(text) == []


def test_clause_with_several_periods():
    text = "比較期間：113年同月、113年下半年或114年1至2月的平均"
    found = find_dates(text)
    assert [f.kind for f in found] == ["year", "date_range", "date_range"]
    assert [f.raw for f in found] == ["113年", "113年下半年", "114年1至2月"]
    for f in found:
        assert text[f.start : f.end] == f.raw


def test_full_width_comma_before_year():
    [found] = find_dates("順差 1,708 萬美元，104 年上半年")
    assert found.value == {"start": "2015-01-01", "end": "2015-06-30"}


def test_format_roc_date():
    assert format_roc_date(date(2026, 1, 19)) == "民國115年1月19日"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (date(2026, 1, 19), "民國115年1月19日"),
        (datetime(2025, 8, 7, 14, 30), "民國114年8月7日"),
        ("2026-01-19", "民國115年1月19日"),
        ("隨到隨審", "隨到隨審"),
        ("", ""),
        (None, ""),
    ],
)
def test_display_roc_date(value, shown):
    assert display_roc_date(value) == shown


def test_year_variants():
    assert year_variants("2023年") == ["112年", "民國112年"]
    assert year_variants("112年") == ["2023年", "民國112年"]
    assert year_variants("民國112年") == ["2023年"]
    assert year_variants("2025 US tariff support") == ["114年", "民國114年"]
    assert year_variants("沒有年份") == []


def test_a_report_dating_its_own_year_as_this_year():
    """`本(104)年 11 月 20日`: the report's own year in parentheses after 本."""
    found = find_dates("並於本(104)年 11 月 20日公布")
    assert [(f.kind, f.value) for f in found] == [("date", {"date": "2015-11-20"})]


def test_an_instant_reads_as_its_roc_date_and_taipei_time():
    from datetime import timedelta, timezone

    from fudao.zhtext.rocdates import format_roc_instant

    # 16:30 UTC on 31 December is already the next day (and year) in Taipei
    assert format_roc_instant(datetime(2025, 12, 31, 16, 30, tzinfo=UTC)) == "民國115年1月1日 00:30"
    assert format_roc_instant(datetime(2026, 1, 19, 14, 5, tzinfo=timezone(timedelta(hours=8)))) == "民國115年1月19日 14:05"
    assert format_roc_instant(datetime(2026, 1, 19, 14, 5)) == "民國115年1月19日 14:05"


def test_the_desk_filter_and_the_token_list_share_the_formatter():
    from fudao.cli.users import _when
    from fudao.web.templatetags.desk_tags import roc_dt

    iso = "2025-12-31T16:30:00+00:00"
    assert roc_dt(iso) == _when(iso) == "民國115年1月1日 00:30"
    assert _when(None, "未曾使用") == "未曾使用"
