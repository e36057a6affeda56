"""Service levels on Taiwan's working calendar: holiday and make-up-workday edges, clocks started
outside working time, and waiting on the enterprise pausing the resolution clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from fudao.cases.calendar import WorkingCalendar

TPE = ZoneInfo("Asia/Taipei")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=TPE)


@pytest.mark.parametrize(("start", "minutes", "due"), [
    # 30 minutes on Wednesday, then the Lunar New Year holidays (2/8-2/14), then 210 on Thursday
    ("2024-02-07T17:00", 240, "2024-02-15T12:00"),
    # Friday 17:00: the next working day is the make-up Saturday 2/17
    ("2024-02-16T17:00", 240, "2024-02-17T12:00"),
    # before opening: the clock starts at 08:30
    ("2024-03-04T07:00", 240, "2024-03-04T12:30"),
    # on a Sunday: the clock starts on Monday 08:30
    ("2024-03-03T10:00", 240, "2024-03-04T12:30"),
    # after closing on Friday: Monday
    ("2024-03-08T18:00", 60, "2024-03-11T09:30"),
    # exactly a working day
    ("2024-03-04T08:30", 540, "2024-03-04T17:30"),
])
def test_working_minutes_added(start, minutes, due):
    assert WorkingCalendar().add(at(start), minutes) == at(due)


def test_working_minutes_between_skip_holidays():
    cal = WorkingCalendar()
    assert cal.between(at("2024-02-07T17:00"), at("2024-02-15T12:00")) == 240
    assert cal.between(at("2024-02-16T17:00"), at("2024-02-17T12:00")) == 240
    assert cal.between(at("2024-03-09T09:00"), at("2024-03-10T17:00")) == 0  # a weekend


@pytest.mark.store
def test_waiting_on_the_enterprise_extends_the_resolution_due(db):
    from fudao.accounts.actors import LOCAL
    from fudao.cases.services import change_status, open_case

    case = open_case(channel="hotline", kind="inquiry", by=LOCAL, opened_at=at("2024-03-04T09:00"))
    assert case.first_response_due == at("2024-03-04T13:00")
    assert case.resolution_due == at("2024-03-07T09:00")  # 1,620 working minutes
    waiting = change_status(case_no=case.case_no, status="waiting_enterprise", by=LOCAL,
                            at=at("2024-03-04T10:00"))
    assert waiting.resolution_due is None  # paused
    back = change_status(case_no=case.case_no, status="in_progress", by=LOCAL, at=at("2024-03-05T10:00"))
    assert back.resolution_due == at("2024-03-08T09:00")  # plus the 540 minutes waited
    assert back.first_response_at == at("2024-03-04T10:00")  # the first status change by a user
    done = change_status(case_no=case.case_no, status="resolved", by=LOCAL, at=at("2024-03-08T08:59"),
                         reason="answered")
    from fudao.cases.selectors import sla_states

    assert sla_states(done) == {"first_response": "met", "resolution": "met"}
