"""One parser per kind of value: days and instants from ISO or 民國 text (Asia/Taipei), with
the same zh-TW refusal whichever entry point reads them."""

from __future__ import annotations

import datetime as dt

import pytest

from fudao.validation import Invalid, parse_day, parse_instant

TAIPEI = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize("text", ["2026-03-05", "115/03/05", "115/3/5", "115.03.05", "115-03-05",
                                  "民國115年3月5日", "115年03月05日", "2026/03/05"])
def test_a_day_in_iso_or_roc(text):
    assert parse_day(text, "日期") == dt.date(2026, 3, 5)


@pytest.mark.parametrize("text", ["明天", "115/13/01", "2026-02-30", "115-000042", "03/05", ""])
def test_a_bad_day_names_the_field_and_the_forms(text):
    with pytest.raises(Invalid) as refused:
        parse_day(text, "日期 from")
    assert "「日期 from」" in str(refused.value)
    if text:
        assert "日期格式不正確" in str(refused.value) and "民國" in str(refused.value)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-05T09:30", dt.datetime(2026, 3, 5, 9, 30, tzinfo=TAIPEI)),
    ("2026-03-05T01:30Z", dt.datetime(2026, 3, 5, 9, 30, tzinfo=TAIPEI)),
    ("115/03/05 09:30", dt.datetime(2026, 3, 5, 9, 30, tzinfo=TAIPEI)),
    ("民國115年3月5日 9:30", dt.datetime(2026, 3, 5, 9, 30, tzinfo=TAIPEI)),
    ("115/03/05", dt.datetime(2026, 3, 5, 0, 0, tzinfo=TAIPEI)),
])
def test_an_instant_in_iso_or_roc_is_taipei_time_without_an_offset(text, expected, settings):
    assert parse_instant(text, "時間", past_event=False) == expected


def test_a_bad_instant_is_refused_with_both_forms():
    with pytest.raises(Invalid) as refused:
        parse_instant("yesterday", "受理時間 --opened-at")
    assert "不是 ISO 8601" in str(refused.value) and "民國日期" in str(refused.value)


def test_every_entry_point_answers_a_bad_day_the_same(client, db):
    """The API's day parameters read through the one parser (its message, 400)."""
    from fudao.web.api_cases import parse_day as api_day

    with pytest.raises(Invalid) as from_api:
        api_day("115/13/01", "日期 from")
    with pytest.raises(Invalid) as direct:
        parse_day("115/13/01", "日期 from")
    assert str(from_api.value) == str(direct.value)
    answer = client.get("/api/measures?open_on=115/13/01")
    assert answer.status_code == 400 and "日期格式不正確" in answer.json()["error"]
    assert client.get("/api/measures?open_on=115/03/05").status_code == 200
