"""The refusals of the events services; each message (zh-TW) names the field or the reason."""

from __future__ import annotations


class EventError(ValueError):
    """Bad input for an event, a registration or a slot (answered 400)."""


class EventConflict(EventError):
    """A request the event's state refuses: past or cancelled event, a second registration with
    the same phone or e-mail, a slot already booked (answered 409)."""


class SlotNotFound(EventError):
    """No consultation-day slot with this id (of this event): a bad field on a form (400), an
    unknown address in the API (404)."""


class EventNotFound(LookupError):
    """No event with this event_id."""

    def __init__(self, event_id: str) -> None:
        super().__init__(f"找不到活動「{event_id}」")


class RegistrationNotFound(LookupError):
    """No such registration of this event (or a cancel link that does not match)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"找不到報名資料「{what}」")
