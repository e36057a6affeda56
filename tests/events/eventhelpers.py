"""Helpers of the events tests: an upcoming event and registrants."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fudao.accounts.actors import LOCAL
from fudao.events.checks import EventInput, RegistrantInput
from fudao.events.models import Event
from fudao.events.services import save_event


def make_event(event_id: str = "ev-1", *, capacity: int = 2, kind: str = "info_session",
               days: float = 7, region: str = "北區", cancelled: bool = False) -> Event:
    """An event starting `days` from now (negative: in the past), two hours long."""
    starts = timezone.now() + dt.timedelta(days=days)
    event, _ = save_event(data=EventInput(
        event_id=event_id, kind=kind, title=f"說明會 {event_id}", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), region=region, venue="臺北市中正區某會議室",
        capacity=capacity, cancelled=cancelled), by=LOCAL)
    return event


def person(n: int, **changes: object) -> RegistrantInput:
    """The n-th registrant, with a distinct phone and e-mail."""
    fields: dict[str, object] = {"name": f"報名者{n}", "org": f"公司{n}", "phone": f"02-2345-{n:04d}",
                                 "email": f"p{n}@example.tw", "consent": n % 2 == 0}
    fields.update(changes)
    return RegistrantInput(**fields)  # type: ignore[arg-type]
