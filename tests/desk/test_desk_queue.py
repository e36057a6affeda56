"""A consultant's queue is ordered in SQL over the whole queue: overdue first, then the nearest
due instant, cases with no running clock (paused, first response given) last on every store;
its counts cover the whole queue, not only the rows shown."""

from __future__ import annotations

import datetime as dt

import pytest
from deskkit import open_as_admin

pytestmark = pytest.mark.store

SHOWN = 100


def _set(case_no: str, **values) -> None:  # type: ignore[no-untyped-def]
    from fudao.cases.models import Case

    Case.objects.filter(case_no=case_no).update(**values)


@pytest.fixture
def crowded(people):  # type: ignore[no-untyped-def]
    """105 cases of cons_n due in the next days, one late for its first response but due
    for resolution after all of them, one late for its resolution, one paused."""
    from django.utils import timezone

    now = timezone.now()
    numbers = [open_as_admin(assignee="cons_n") for _ in range(SHOWN + 5)]
    for i, case_no in enumerate(numbers):
        _set(case_no, first_response_at=now, first_response_due=now + dt.timedelta(hours=1),
             resolution_due=now + dt.timedelta(days=20, minutes=i))
    late_response = open_as_admin(assignee="cons_n", kind="counselling")
    _set(late_response, first_response_at=None, first_response_due=now - dt.timedelta(hours=2),
         resolution_due=now + dt.timedelta(days=40))
    late_resolution = open_as_admin(assignee="cons_n")
    _set(late_resolution, first_response_at=now - dt.timedelta(days=3),
         first_response_due=now - dt.timedelta(days=2), resolution_due=now - dt.timedelta(hours=1))
    paused = open_as_admin(assignee="cons_n")
    _set(paused, status="waiting_enterprise", first_response_at=now, resolution_due=None)
    return {"numbers": numbers, "late_response": late_response, "late_resolution": late_resolution,
            "paused": paused, "now": now}


def test_overdue_cases_lead_the_queue_even_past_the_first_hundred(crowded):
    from fudao.accounts.services import actor_by_name
    from fudao.cases.selectors import queue, queue_counts

    actor = actor_by_name("cons_n")
    shown = [c.case_no for c in queue(actor, scope="mine", limit=SHOWN, now=crowded["now"])]
    assert len(shown) == SHOWN
    assert shown[:2] == [crowded["late_response"], crowded["late_resolution"]]
    assert shown[2:] == crowded["numbers"][:SHOWN - 2]  # then the nearest due first
    everything = [c.case_no for c in queue(actor, scope="mine", limit=1000, now=crowded["now"])]
    assert everything[-1] == crowded["paused"]  # no running clock: last, never first
    assert queue_counts(actor, scope="mine", now=crowded["now"]) == {
        "total": SHOWN + 8, "overdue": 2, "due_soon": 0}


def test_queue_page_counts_the_whole_queue(crowded, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="cons_n"))
    page = client.get("/desk/").content.decode()
    assert crowded["late_response"] in page and crowded["late_resolution"] in page
    assert crowded["paused"] not in page  # beyond the 100 rows shown
    assert 'id="queue-total">108<' in page and "逾期 2 件" in page
    assert page.index(crowded["late_response"]) < page.index(crowded["numbers"][0])
