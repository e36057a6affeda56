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

    case = open_case(channel="web", kind="inquiry", by=LOCAL, opened_at=at("2024-03-04T09:00"))
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


@pytest.mark.store
def test_a_channel_with_its_own_hours_counts_its_clocks_in_them(db, corpus_dir):
    """The hotline runs 08:30–18:00 (003), the default day ends at 17:30: the same opening gives
    later-in-the-day dues on the hotline, and the hours are the ones the cited lines state."""
    import re

    from fudao.accounts.actors import LOCAL
    from fudao.cases import sla
    from fudao.cases.services import change_status, open_case

    cfg = sla.config()
    hotline = cfg.calendar_for("hotline")
    assert (hotline.start, hotline.end) == (dt.time(8, 30), dt.time(18, 0))
    assert cfg.calendar_for("web") is cfg.calendar and cfg.calendar.end == dt.time(17, 30)
    cited = "".join(next(corpus_dir.glob("003_*.txt")).read_text(encoding="utf-8").splitlines()[159:163])
    assert "08:30~18:00" in re.sub(r"\s", "", cited)

    phoned = open_case(channel="hotline", kind="inquiry", by=LOCAL, opened_at=at("2024-03-04T09:00"))
    written = open_case(channel="web", kind="inquiry", by=LOCAL, opened_at=at("2024-03-04T09:00"))
    # 1,620 working minutes: 540 on Monday, 570 on Tuesday, 510 on Wednesday (to 17:00)
    assert phoned.resolution_due == at("2024-03-06T17:00")
    assert written.resolution_due == at("2024-03-07T09:00")
    late = open_case(channel="hotline", kind="inquiry", by=LOCAL, opened_at=at("2024-03-04T17:45"))
    assert late.first_response_due == at("2024-03-05T12:15")  # 15 minutes on Monday, 225 on Tuesday
    assert sla.first_response_due("inquiry", at("2024-03-04T17:45")) == at("2024-03-05T12:30")
    # waiting on the enterprise is counted in the channel's hours too (Monday 17:00–18:00: 60 minutes)
    change_status(case_no=phoned.case_no, status="waiting_enterprise", by=LOCAL, at=at("2024-03-04T17:00"))
    back = change_status(case_no=phoned.case_no, status="in_progress", by=LOCAL, at=at("2024-03-04T18:00"))
    assert back.resolution_due == at("2024-03-06T18:00")


@pytest.mark.store
def test_due_soon_counts_a_channels_working_minutes_in_its_hours(db):
    """At Monday 17:20, 120 working minutes reach Tuesday 10:29 on the default day (ends 17:30)
    but only Tuesday 09:50 on the hotline's (ends 18:00): a clock due Tuesday 10:00 is due soon
    on a web case, not yet on a hotline case."""
    from fudao.accounts.actors import LOCAL
    from fudao.cases.models import Case
    from fudao.cases.selectors import due_soon_q
    from fudao.cases.services import open_case

    now = at("2024-03-04T17:20")
    numbers = {}
    for channel in ("hotline", "web"):
        case = open_case(channel=channel, kind="inquiry", by=LOCAL, opened_at=at("2024-03-04T09:00"))
        Case.objects.filter(pk=case.pk).update(first_response_due=at("2024-03-05T10:00"))
        numbers[channel] = case.case_no
    soon = set(Case.objects.filter(due_soon_q(now)).values_list("case_no", flat=True))
    assert soon == {numbers["web"]}
    later = set(Case.objects.filter(due_soon_q(at("2024-03-04T17:55"))).values_list("case_no", flat=True))
    assert later == {numbers["web"], numbers["hotline"]}  # 5 minutes on Monday, 115 on Tuesday: 10:25
