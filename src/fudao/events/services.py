"""Writes of events and registrations, each in one transaction: add or update an event,
register (a seat or the waitlist; the event row is locked so a seat is never sold twice; a
confirmation e-mail with the cancel link is queued), cancel (the first on the waitlist moves up
and is e-mailed), mark attendance, turn an attendee into a case."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.cases.models import Case
from fudao.enterprises.services import (
    ContactInput,
    EnterpriseError,
    phone_digits,
    upsert_enterprise,
)
from fudao.events import notify
from fudao.events.checks import EventInput, RegistrantInput, check_event, check_registrant
from fudao.events.errors import EventConflict, EventError, EventNotFound, RegistrationNotFound
from fudao.events.models import Event, Registration
from fudao.events.policy import can_manage
from fudao.events.tokens import token_digest
from fudao.events.vocabulary import ATTENDEE_CASE_KINDS


@dataclass(frozen=True)
class Registered:
    """A new registration and the private token of its cancel link (shown once, kept hashed)."""

    registration: Registration
    token: str


@dataclass(frozen=True)
class Cancelled:
    """A cancelled registration and the one promoted from the waitlist in its place, if any."""

    registration: Registration
    promoted: Registration | None


def require_manager(by: Actor) -> None:
    """EventError unless the actor may manage events."""
    decision = can_manage(by)
    if not decision:
        raise EventError(decision.reason)


def _locked_event(event_id: str) -> Event:
    """The event row, locked until the transaction ends (PostgreSQL; SQLite's IMMEDIATE
    transactions already hold the write lock)."""
    event = Event.objects.select_for_update().filter(event_id=event_id).first()
    if event is None:
        raise EventNotFound(event_id)
    return event


def save_event(*, data: EventInput, by: Actor) -> tuple[Event, bool]:
    """Create the event, or update the one with this event_id; a larger capacity moves the
    first on the waitlist up. Returns (event, created)."""
    require_manager(by)
    clean = check_event(data)
    fields = {"kind": clean.kind, "title": clean.title, "starts_at": clean.starts_at,
              "ends_at": clean.ends_at, "region": clean.region, "venue": clean.venue,
              "capacity": clean.capacity, "measures": list(clean.measures), "cancelled": clean.cancelled}
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(event_id=clean.event_id).first()
        if event is None:
            return Event.objects.create(event_id=clean.event_id, **fields), True
        for key, value in fields.items():
            setattr(event, key, value)
        event.save()
        _fill_seats(event)
    return event, False


def _duplicate(event: Event, registrant: RegistrantInput) -> str | None:
    """Which contact (電話 or 電子郵件) already holds a live registration of the event."""
    live = Registration.objects.filter(event=event).exclude(status="cancelled")
    digits = phone_digits(registrant.phone) if registrant.phone else ""
    if digits and live.filter(phone_digits=digits).exists():
        return f"電話「{registrant.phone}」"
    if registrant.email and live.filter(email=registrant.email).exists():
        return f"電子郵件「{registrant.email}」"
    return None


def link_enterprise(registrant: RegistrantInput):  # type: ignore[no-untyped-def]
    """The registrant's enterprise by 統一編號 (created or updated with the contact), or None."""
    if not registrant.ubn:
        return None
    from fudao.enterprises.selectors import by_ubn

    known = by_ubn(registrant.ubn)
    facts = {"name": registrant.org} if registrant.org and not (known and known.name) else {}
    contact = ContactInput(name=registrant.name, phone=registrant.phone, email=registrant.email,
                           consent_to_contact=registrant.consent)
    try:
        enterprise, _ = upsert_enterprise(ubn=registrant.ubn, facts=facts, contact=contact)
    except EnterpriseError as exc:
        raise EventError(str(exc)) from None
    return enterprise


def register(*, event_id: str, registrant: RegistrantInput, at: dt.datetime | None = None,
             site_url: str = "") -> Registered:
    """Register a person for an upcoming event: a seat while the capacity allows, else the end
    of the waitlist. With `site_url` (the site's address, e.g. `https://fudao.example.tw/`) and
    an e-mail, a confirmation e-mail with the private cancel link is queued once this commits.
    Refused: a past or cancelled event, a phone or e-mail already registered for it, invalid
    fields."""
    clean = check_registrant(registrant)
    now = at or timezone.now()
    token = secrets.token_urlsafe(24)
    try:
        with transaction.atomic():
            event = _locked_event(event_id)
            if event.cancelled:
                raise EventConflict(f"活動「{event.title}」已停辦，無法報名")
            if event.starts_at <= now:
                raise EventConflict(f"活動「{event.title}」已開始或已結束，無法報名")
            taken = _duplicate(event, clean)
            if taken:
                raise EventConflict(f"此{taken}已報名本活動，請勿重複報名")
            enterprise = link_enterprise(clean)
            seated = Registration.objects.filter(event=event, status="registered").count()
            if seated < event.capacity:
                status, position = "registered", None
            else:
                status = "waitlisted"
                position = Registration.objects.filter(event=event, status="waitlisted").count() + 1
            registration = Registration.objects.create(
                event=event, name=clean.name, org=clean.org, ubn=clean.ubn, enterprise=enterprise,
                phone=clean.phone, phone_digits=phone_digits(clean.phone) if clean.phone else "",
                email=clean.email, consent=clean.consent, status=status, position=position,
                token_digest=token_digest(token), created_at=now)
            if site_url and registration.email:
                notify.registered(registration.pk, token, site_url)
    except IntegrityError:
        raise EventConflict("此電話或電子郵件已報名本活動，請勿重複報名") from None
    return Registered(registration=registration, token=token)


def _renumber_waitlist(event: Event) -> None:
    """Positions 1, 2, 3… on the waitlist in the order it was joined."""
    waiting = Registration.objects.filter(event=event, status="waitlisted").order_by("position", "id")
    for number, registration in enumerate(waiting, start=1):
        if registration.position != number:
            Registration.objects.filter(pk=registration.pk).update(position=number)


def _fill_seats(event: Event) -> list[Registration]:
    """Move the first on the waitlist up while seats are free (upcoming events only); each one
    promoted is e-mailed once the transaction commits."""
    promoted: list[Registration] = []
    if not event.cancelled and event.starts_at > timezone.now():
        free = event.capacity - Registration.objects.filter(event=event, status="registered").count()
        if free > 0:
            first = list(Registration.objects.filter(event=event, status="waitlisted")
                         .order_by("position", "id")[:free])
            for registration in first:
                registration.status, registration.position = "registered", None
                registration.save(update_fields=["status", "position", "updated_at"])
                notify.promoted(registration.pk)
                promoted.append(registration)
    _renumber_waitlist(event)
    return promoted


def _cancel(event: Event, registration: Registration) -> Cancelled:
    if registration.status == "cancelled":
        raise EventConflict("此報名已取消")
    registration.status, registration.position = "cancelled", None
    registration.save(update_fields=["status", "position", "updated_at"])
    promoted = _fill_seats(event)
    return Cancelled(registration=registration, promoted=promoted[0] if promoted else None)


def cancel_by_token(*, event_id: str, token: str) -> Cancelled:
    """Cancel the registration whose private cancel link carries `token`."""
    digest = token_digest(token or "")
    with transaction.atomic():
        event = _locked_event(event_id)
        registration = Registration.objects.filter(event=event, token_digest=digest).first()
        if registration is None or not token:
            raise RegistrationNotFound("取消連結無效")
        return _cancel(event, registration)


def cancel_by_staff(*, event_id: str, registration_id: int, by: Actor) -> Cancelled:
    """Cancel a registration on the registrant's behalf (consultant, supervisor or admin)."""
    require_manager(by)
    with transaction.atomic():
        event = _locked_event(event_id)
        return _cancel(event, _registration(event, registration_id))


def _registration(event: Event, registration_id: int) -> Registration:
    registration = Registration.objects.filter(event=event, pk=registration_id).first()
    if registration is None:
        raise RegistrationNotFound(str(registration_id))
    return registration


def mark_attendance(*, event_id: str, registration_id: int, by: Actor,
                    attended: bool = True) -> Registration:
    """Record whether a registered person came."""
    require_manager(by)
    with transaction.atomic():
        event = _locked_event(event_id)
        registration = _registration(event, registration_id)
        if registration.status != "registered":
            raise EventConflict(f"「{registration.name}」目前為{registration.get_status_display()}，"
                                "只有已報名者可以登記出席")
        if registration.attended is not attended:
            registration.attended = attended
            registration.save(update_fields=["attended", "updated_at"])
    return registration


def attendee_to_case(*, event_id: str, registration_id: int, kind: str, by: Actor,
                     summary: str = "") -> Case:
    """Open a walk-in case (諮詢 or 輔導) for an attendee who asks for help, linked to the
    registration and to the enterprise of its 統一編號."""
    from fudao.cases.services import CaseError, open_case

    require_manager(by)
    if kind not in ATTENDEE_CASE_KINDS:
        allowed = "、".join(f"{k}（{v}）" for k, v in ATTENDEE_CASE_KINDS.items())
        raise EventError(f"案件類別 kind「{kind}」不可用，可用：{allowed}")
    with transaction.atomic():
        event = _locked_event(event_id)
        registration = _registration(event, registration_id)
        if registration.case is not None:
            from fudao.cases.policy import can_see

            number = f" {registration.case.case_no}" if can_see(by, registration.case) else ""
            raise EventConflict(f"「{registration.name}」已轉為案件{number}")
        if registration.attended is not True:
            raise EventConflict(f"「{registration.name}」尚未登記出席，請先報到再轉為案件")
        contact = ContactInput(name=registration.name, phone=registration.phone,
                               email=registration.email, consent_to_contact=registration.consent)
        text = summary.strip() or f"於「{event.title}」現場提出需求"
        try:
            case = open_case(channel="walk_in", kind=kind, by=by, ubn=registration.ubn or None,
                             enterprise_name=registration.org, contact=contact, summary=text)
        except CaseError as exc:
            raise EventError(str(exc)) from None
        registration.case = case
        registration.save(update_fields=["case", "updated_at"])
    return case
