"""Reads of events: upcoming events by region and kind, one event with its figures, the
registrations of an event, and the JSON of DESIGN ("Events")."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from fudao.events.errors import EventNotFound
from fudao.events.models import Event, Registration, TimeSlot
from fudao.events.tokens import token_digest
from fudao.events.vocabulary import EVENT_KINDS, EXPERT_KINDS

FIGURES = {
    "n_registered": Count("registrations", filter=Q(registrations__status="registered")),
    "n_waitlisted": Count("registrations", filter=Q(registrations__status="waitlisted")),
    "n_cancelled": Count("registrations", filter=Q(registrations__status="cancelled")),
    "n_attended": Count("registrations", filter=Q(registrations__status="registered",
                                                registrations__attended=True)),
}


def with_figures(qs: QuerySet[Event]) -> QuerySet[Event]:
    """The events annotated with their counts of registered, waitlisted, cancelled, attended."""
    return qs.annotate(**FIGURES)


def upcoming(*, region: str | None = None, kind: str | None = None) -> QuerySet[Event]:
    """Events not yet ended and not cancelled, soonest first, optionally of one region and kind."""
    qs = Event.objects.filter(ends_at__gt=timezone.now(), cancelled=False)
    if region:
        qs = qs.filter(region=region)
    if kind:
        qs = qs.filter(kind=kind)
    return with_figures(qs).order_by("starts_at", "id")


def upcoming_regions() -> list[str]:
    """The regions of the upcoming events (for the filter)."""
    qs = Event.objects.filter(ends_at__gt=timezone.now(), cancelled=False).exclude(region="")
    return sorted(set(qs.values_list("region", flat=True)))


def all_events() -> QuerySet[Event]:
    """Every event with its figures, latest first (the staff list)."""
    return with_figures(Event.objects.all()).order_by("-starts_at", "-id")


def get_event(event_id: str) -> Event:
    """The event with its figures, or EventNotFound."""
    event = with_figures(Event.objects.filter(event_id=event_id)).first()
    if event is None:
        raise EventNotFound(event_id)
    return event


def figures(event: Event) -> dict[str, int]:
    """The event's counts and the seats left (from `with_figures`' annotations)."""
    counts = {key.removeprefix("n_"): int(getattr(event, key, 0) or 0) for key in FIGURES}
    counts["seats_left"] = max(0, event.capacity - counts["registered"])
    return counts


def registrations(event: Event, *, status: str | None = None) -> QuerySet[Registration]:
    """The event's registrations: registered first, then the waitlist in order, then cancelled."""
    qs = Registration.objects.filter(event=event).select_related("case")
    if status:
        qs = qs.filter(status=status)
    rank = Case(When(status="registered", then=Value(0)), When(status="waitlisted", then=Value(1)),
                default=Value(2), output_field=IntegerField())
    return qs.order_by(rank, "position", "created_at", "id")


def is_open(event: Event) -> bool:
    """Whether the event still takes registrations."""
    return not event.cancelled and event.starts_at > timezone.now()


def event_json(event: Event) -> dict[str, Any]:
    """The public JSON of an event (no registrants)."""
    return {
        "event_id": event.event_id, "kind": event.kind, "kind_label": EVENT_KINDS[event.kind],
        "title": event.title, "starts_at": timezone.localtime(event.starts_at).isoformat(),
        "ends_at": timezone.localtime(event.ends_at).isoformat(), "region": event.region,
        "venue": event.venue, "capacity": event.capacity, "measures": list(event.measures or []),
        "cancelled": event.cancelled, "open": is_open(event), "counts": figures(event),
    }


def registration_json(registration: Registration) -> dict[str, Any]:
    """One registration as staff see it (with contacts and consent)."""
    return {
        "id": registration.pk, "name": registration.name, "org": registration.org,
        "ubn": registration.ubn or None, "phone": registration.phone, "email": registration.email,
        "consent": registration.consent, "status": registration.status,
        "position": registration.position, "attended": registration.attended,
        "case_no": registration.case.case_no if registration.case else None,
        "created_at": timezone.localtime(registration.created_at).isoformat(),
    }


def slot_json(slot: TimeSlot) -> dict[str, Any]:
    """One consultation-day slot with its expert and booking."""
    return {"id": slot.pk, "starts_at": timezone.localtime(slot.starts_at).isoformat(),
            "ends_at": timezone.localtime(slot.ends_at).isoformat(), "expert_name": slot.expert_name,
            "expert_kind": slot.expert_kind, "expert_kind_label": EXPERT_KINDS[slot.expert_kind],
            "case_no": slot.case.case_no if slot.case else None}


def slots(event: Event) -> QuerySet[TimeSlot]:
    """The event's consultation-day time slots, earliest first."""
    return TimeSlot.objects.filter(event=event).order_by("starts_at", "id")


def slot_bookable(slot: TimeSlot, event: Event) -> bool:
    """Whether the slot can still be booked: free, upcoming and its day not cancelled."""
    return slot.case_id is None and not event.cancelled and slot.starts_at > timezone.now()


def public_slot_json(slot: TimeSlot, event: Event) -> dict[str, Any]:
    """One slot as the public sees it: times, the expert, whether it is free (no booking
    details) and whether it can still be booked."""
    return {"id": slot.pk, "starts_at": timezone.localtime(slot.starts_at).isoformat(),
            "ends_at": timezone.localtime(slot.ends_at).isoformat(),
            "expert": {"name": slot.expert_name, "kind": slot.expert_kind,
                       "kind_label": EXPERT_KINDS[slot.expert_kind]},
            "free": slot.case_id is None, "bookable": slot_bookable(slot, event)}


def public_event_json(event: Event) -> dict[str, Any]:
    """The public JSON of one event (`GET /api/events/<event_id>`, the event page): a
    consultation day also lists its time slots."""
    data = event_json(event)
    if event.kind == "consultation_day":
        data["slots"] = [public_slot_json(s, event) for s in slots(event)]
    return data


def event_detail_json(event: Event) -> dict[str, Any]:
    """The staff JSON of an event (`fudao events show`): the event, its counts, registrations
    and consultation-day slots."""
    data = event_json(event)
    data["registrations"] = [registration_json(r) for r in registrations(event)]
    data["slots"] = [slot_json(s) for s in event.slots.select_related("case").order_by("starts_at", "id")]
    return data


def by_token(event: Event, token: str) -> Registration | None:
    """The registration of the event whose private cancel link carries `token`."""

    if not token:
        return None
    return Registration.objects.filter(event=event, token_digest=token_digest(token)).first()


def find_registrations(event: Event, query: str) -> QuerySet[Registration]:
    """The event's live registrations whose name, organisation, phone or e-mail contains `query`."""
    from fudao.enterprises.services import phone_digits

    qs = registrations(event).exclude(status="cancelled")
    text = query.strip()
    if not text:
        return qs
    match = Q(name__icontains=text) | Q(org__icontains=text) | Q(email__icontains=text)
    digits = phone_digits(text)
    if len(digits) >= 3:
        match |= Q(phone_digits__contains=digits)
    return qs.filter(match)
