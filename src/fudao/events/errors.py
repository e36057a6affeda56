"""The refusals of the events services; each message (zh-TW) names the field or the reason."""

from __future__ import annotations

from fudao.errors import Conflict, Invalid, NotFound


class EventError(Invalid):
    """Bad input for an event, a registration or a slot (answered 400)."""


class EventConflict(EventError, Conflict):
    """A request the event's state refuses: past or cancelled event, a second registration with
    the same phone or e-mail, a slot already booked (answered 409)."""

    status = Conflict.status


class SlotNotFound(EventError):
    """No consultation-day slot with this id (of this event): a bad field on a form (400), an
    unknown address in the API (404)."""


class EventNotFound(NotFound):
    """No event with this event_id."""

    def __init__(self, event_id: str) -> None:
        super().__init__(f"找不到活動「{event_id}」")


class RegistrationNotFound(NotFound):
    """No such registration of this event (or a cancel link that does not match)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"找不到報名資料「{what}」")
