"""Helpers of the casework tests: a team, its consultant and supervisor, another team's
consultant, and a counselling case opened 60 days ago for a known enterprise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

UBN = "04595257"
FACTS = {"registered_trader": True, "employees": 30, "industry_section": "C", "county": "臺北市"}


@dataclass
class Desk:
    alice: Any
    sue: Any
    bob: Any
    case_no: str
    opened_at: dt.datetime

    def log(self, type: str, data: dict[str, Any] | None = None, *, days_ago: float | None = None,
            by: Any = None):  # type: ignore[no-untyped-def]
        """Log an activity on the case as alice (`days_ago` back in time)."""
        from django.utils import timezone

        from fudao.cases.services import log_activity

        at = timezone.now() - dt.timedelta(days=days_ago) if days_ago is not None else None
        return log_activity(case_no=self.case_no, type=type, by=by or self.alice, data=data, at=at)


def open_desk_case(kind: str = "counselling", *, by: Any, days_ago: int = 60, assignee: str | None = "alice") -> str:
    """Open a case of `kind` for the test enterprise, `days_ago` days back; its number."""
    from django.utils import timezone

    from fudao.cases.services import open_case

    case = open_case(channel="hotline", kind=kind, by=by, ubn=UBN, enterprise_name="測試精密機械",
                     facts=FACTS, assignee=assignee,
                     opened_at=timezone.now() - dt.timedelta(days=days_ago))
    return case.case_no


def make_desk() -> Desk:
    """The team north (alice consultant, sue supervisor), team south (bob) and alice's case."""
    from django.utils import timezone

    from fudao.accounts.services import add_team, add_user
    from fudao.cases.models import Case

    add_team(slug="north", name="北區服務中心", counties=["臺北市"])
    add_team(slug="south", name="南區服務中心", counties=["高雄市"])
    alice = add_user(username="alice", role="consultant", password="Alice-pass-2024", team="north",
                     email="alice@example.tw")
    sue = add_user(username="sue", role="supervisor", password="Sue-pass-2024", team="north",
                   email="sue@example.tw")
    bob = add_user(username="bob", role="consultant", password="Bob-pass-2024", team="south",
                   email="bob@example.tw")
    case_no = open_desk_case(by=alice)
    return Desk(alice=alice, sue=sue, bob=bob, case_no=case_no,
                opened_at=Case.objects.get(case_no=case_no).opened_at or timezone.now())
