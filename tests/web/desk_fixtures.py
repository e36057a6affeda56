"""Users, teams and cases for the desk page tests (made with the real services)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from fudao.accounts import services as accounts
from fudao.accounts.actors import LOCAL
from fudao.cases import services as cases
from fudao.enterprises.services import ContactInput
from fudao.zhtext.ubn import synthetic_ubn

PASSWORD = "desk-test-pass-2025"
UBN = synthetic_ubn(4242)
OTHER_UBN = synthetic_ubn(5151)


@pytest.fixture
def people(db):
    """Two teams and one user of each role (consultants and supervisors in `north`)."""
    accounts.add_team(slug="north", name="北區服務中心", counties=["臺北市"])
    accounts.add_team(slug="south", name="南區服務中心", counties=["高雄市"])
    for username, role, team in [("lin", "consultant", "north"), ("chen", "consultant", "north"),
                                 ("wu", "consultant", "south"), ("boss", "supervisor", "north"),
                                 ("ana", "analyst", None), ("edi", "editor", None),
                                 ("root", "admin", None)]:
        accounts.add_user(username=username, role=role, password=PASSWORD, team=team)
    return {u.username: u for u in get_user_model().objects.all()}


def client_for(people, username: str) -> Client:
    """A test client signed in as that user."""
    c = Client()
    c.force_login(people[username])
    return c


def open_case(*, assignee: str | None = "lin", team: str | None = None, ubn: str | None = UBN,
              opened_at: dt.datetime | None = None, kind: str = "inquiry", summary: str = "想申請貸款",
              phone: str = "02-2345-6789", name: str = "王小明"):
    """A hotline case opened by the local administrator."""
    return cases.open_case(channel="hotline", kind=kind, by=LOCAL, ubn=ubn, enterprise_name="好公司股份有限公司",
                           contact=ContactInput(name=name, phone=phone, email="wang@example.com",
                                                consent_to_contact=True, consent_at=timezone.now()),
                           needs=["finance"], summary=summary, opened_at=opened_at, assignee=assignee,
                           team=team)
