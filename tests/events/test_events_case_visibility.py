"""The staff registrations, check-in and exports show an attendee's case number (and its link)
only to whom may see that case: a consultant of another team gets neither (its page is a 404)."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from eventhelpers import make_event, person
from openpyxl import load_workbook

from fudao.accounts.services import actor_by_name, add_team, add_user
from fudao.events import services

pytestmark = [pytest.mark.django_db]

PASSWORD = "a-Long-pass-2026"


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_case_number_shown_only_to_who_may_see_the_case():
    add_team(slug="north", name="北區服務中心")
    add_team(slug="south", name="南區服務中心")
    add_user(username="con_n", role="consultant", team="north", password=PASSWORD)
    add_user(username="con_s", role="consultant", team="south", password=PASSWORD)
    make_event()
    seat = services.register(event_id="ev-1", registrant=person(1)).registration
    south = actor_by_name("con_s")
    services.mark_attendance(event_id="ev-1", registration_id=seat.pk, by=south)
    case = services.attendee_to_case(event_id="ev-1", registration_id=seat.pk, kind="inquiry", by=south)
    assert case.team.slug == "south"

    north = signed_in("con_n")
    assert north.get(f"/desk/cases/{case.case_no}/").status_code == 404  # the page refuses it
    page = north.get("/staff/events/ev-1/").content.decode()
    assert case.case_no not in page and "已轉案" in page
    check_in = north.get("/staff/events/ev-1/check-in/").content.decode()
    assert case.case_no not in check_in and "已轉案" in check_in
    rows = list(csv.reader(io.StringIO(north.get("/staff/events/ev-1/registrations.csv").content.decode("utf-8-sig"))))
    assert rows[1][10] == "已轉案"
    book = load_workbook(io.BytesIO(north.get("/staff/events/ev-1/registrations.xlsx").content))
    assert book["報名名單"]["K2"].value == "已轉案"
    again = north.post(f"/staff/events/ev-1/registrations/{seat.pk}/case/", {"kind": "inquiry"}, follow=True)
    assert "已轉為案件" in again.content.decode() and case.case_no not in again.content.decode()

    own = signed_in("con_s")
    page = own.get("/staff/events/ev-1/").content.decode()
    assert f'<a href="/desk/cases/{case.case_no}/">{case.case_no}</a>' in page
    assert f'href="/desk/cases/{case.case_no}/"' in own.get("/staff/events/ev-1/check-in/").content.decode()
    rows = list(csv.reader(io.StringIO(own.get("/staff/events/ev-1/registrations.csv").content.decode("utf-8-sig"))))
    assert rows[1][10] == case.case_no
