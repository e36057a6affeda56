"""The importers of `event` and `registration` records: upsert by key, bad records reported
by line and never half-written, CSV-style cells (strings) accepted."""

from __future__ import annotations

import pytest

from fudao.enterprises.models import Enterprise
from fudao.events.importing import import_events, import_registrations
from fudao.events.models import Event, Registration
from fudao.events.selectors import figures, get_event

pytestmark = [pytest.mark.store, pytest.mark.django_db]

EVENT = {"type": "event", "event_id": "tc-112-01", "kind": "info_session", "title": "輔導措施說明會",
         "starts_at": "2023-05-04T14:00", "ends_at": "2023-05-04T16:00", "region": "中區",
         "venue": "臺中市", "capacity": "80", "measures": "", "cancelled": ""}


def test_events_upserted_by_event_id():
    first = import_events([(1, EVENT), (2, {**EVENT, "event_id": "tc-112-02", "capacity": 30})])
    assert (first.created, first.updated, first.errors) == (2, 0, [])
    again = import_events([(1, {**EVENT, "title": "改名", "cancelled": "是"})])
    assert (again.created, again.updated) == (0, 1)
    event = Event.objects.get(event_id="tc-112-01")
    assert (event.title, event.cancelled, event.capacity) == ("改名", True, 80)
    assert event.starts_at.isoformat() == "2023-05-04T06:00:00+00:00"  # naive = Asia/Taipei


def test_bad_event_records_reported_by_line():
    result = import_events([
        (3, {**EVENT, "event_id": "Bad Id"}),
        (4, {**EVENT, "event_id": "a", "capacity": "十"}),
        (5, {**EVENT, "event_id": "b", "ends_at": "2023-05-04T13:00"}),
        (6, {**EVENT, "event_id": "c", "colour": "red"}),
        (7, {**EVENT, "event_id": "d", "measures": ["no-such-measure"]}),
    ])
    assert [e["line"] for e in result.errors] == [3, 4, 5, 6, 7]
    messages = " ".join(e["error"] for e in result.errors)
    for words in ("event_id「Bad Id」", "capacity「十」", "ends_at 須晚於", "colour", "no-such-measure"):
        assert words in messages
    assert Event.objects.count() == 0


def test_registrations_upserted_by_phone_or_email_with_history():
    import_events([(1, EVENT)])
    rows = [
        (1, {"event_id": "tc-112-01", "name": "甲", "phone": "04-2345-0001", "status": "registered", "attended": "true"}),
        (2, {"event_id": "tc-112-01", "name": "乙", "email": "b@example.tw", "ubn": "04595257", "consent": "1"}),
        (3, {"event_id": "tc-112-01", "name": "丙", "phone": "04-2345-0003", "status": "waitlisted"}),
        (4, {"event_id": "tc-112-01", "name": "丁", "phone": "04-2345-0004", "status": "cancelled"}),
    ]
    result = import_registrations(rows)
    assert (result.created, result.updated, result.errors) == (4, 0, [])
    again = import_registrations([(1, {"event_id": "tc-112-01", "name": "甲二", "phone": "(04)23450001",
                                       "attended": "false"})])
    assert (again.created, again.updated) == (0, 1)
    counts = figures(get_event("tc-112-01"))
    assert (counts["registered"], counts["waitlisted"], counts["cancelled"], counts["attended"]) == (2, 1, 1, 0)
    assert Registration.objects.get(name="甲二").attended is False
    assert Registration.objects.get(name="丙").position == 1
    assert Registration.objects.get(name="乙").enterprise == Enterprise.objects.get(ubn="04595257")


def test_bad_registration_records_write_nothing():
    import_events([(1, EVENT)])
    result = import_registrations([
        (1, {"event_id": "nope", "name": "甲", "phone": "04-2345-0001"}),
        (2, {"event_id": "tc-112-01", "name": "乙", "phone": "12"}),
        (3, {"event_id": "tc-112-01", "name": "丙", "email": "c@example.tw", "ubn": "11111111"}),
        (4, {"event_id": "tc-112-01", "name": "丁", "email": "d@example.tw", "status": "maybe"}),
        (5, {"event_id": "tc-112-01", "name": "戊"}),
        (6, {"event_id": "tc-112-01", "name": "己", "email": "f@example.tw", "status": "waitlisted", "attended": "1"}),
    ])
    assert [e["line"] for e in result.errors] == [1, 2, 3, 4, 5, 6]
    assert "找不到活動「nope」" in result.errors[0]["error"]
    assert "統一編號「11111111」" in result.errors[2]["error"]
    assert Registration.objects.count() == 0 and Enterprise.objects.count() == 0


