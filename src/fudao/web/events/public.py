"""Public events pages: upcoming events by region and kind, one event with its registration
form and the result (a seat, or the waitlist with its position), the private cancel link; a
consultation day (專業諮詢日) lists its time slots and books a free one (a case whose number is
shown). Registering with an e-mail queues a confirmation e-mail carrying the cancel link."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from fudao.events import selectors
from fudao.events.checks import RegistrantInput
from fudao.events.errors import EventConflict, EventError, EventNotFound, RegistrationNotFound
from fudao.events.vocabulary import EVENT_KINDS

FORM_FIELDS = ("name", "org", "ubn", "phone", "email")
MAX_SLOT_ID_CHARS = 12


def _event_or_404(event_id: str):  # type: ignore[no-untyped-def]
    try:
        return selectors.get_event(event_id)
    except EventNotFound as exc:
        raise Http404(str(exc)) from None


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming events, soonest first, filtered by region and kind."""
    region = request.GET.get("region", "").strip()
    kind = request.GET.get("kind", "").strip()
    if kind not in EVENT_KINDS:
        kind = ""
    events = [selectors.event_json(e) for e in selectors.upcoming(region=region or None, kind=kind or None)]
    return render(request, "web/events/list.html", {
        "events": events, "filters": {"region": region, "kind": kind},
        "regions": selectors.upcoming_regions(), "kinds": list(EVENT_KINDS.items()),
    })


@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request: HttpRequest, event_id: str) -> HttpResponse:
    """The event and its registration form; a POST registers and shows the result."""
    from fudao.events.services import register

    event = _event_or_404(event_id)
    context = _detail_context(event)
    status = 200
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
        consent = request.POST.get("consent") == "1"
        context.update(form=form, consent=consent)
        try:
            done = register(event_id=event_id, registrant=RegistrantInput(consent=consent, **form),
                            site_url=request.build_absolute_uri("/"))
        except EventConflict as exc:
            context["error"], status = str(exc), 409
        except EventError as exc:
            context["error"], status = str(exc), 400
        else:
            link = reverse("events:cancel", args=[event_id, done.token])
            context["result"] = {"status": done.registration.status, "position": done.registration.position,
                                 "name": done.registration.name,
                                 "cancel_url": request.build_absolute_uri(link)}
            context["event"] = selectors.public_event_json(selectors.get_event(event_id))
    return render(request, "web/events/detail.html", context, status=status)


def _detail_context(event: Any) -> dict[str, Any]:
    """The event page's context: the event (with its slots on a consultation day), empty
    registration and booking forms."""
    from fudao.cases.applications import measure_name

    data = selectors.public_event_json(event)
    named = [(m, measure_name(m)) for m in data.get("measures") or []]
    return {"event": data, "form": {}, "consent": False,
            "measure_links": [(m, name) for m, name in named if name],
            "booking": {"form": {}, "consent": False, "question": "", "slot": ""},
            "slot_booking": _slot_booking(data)}


def _slot_booking(data: dict[str, Any]) -> dict[str, Any] | None:
    """On a consultation day with time slots: the slots that can still be booked (booking
    replaces the registration form there); None on any other event."""
    if "slots" not in data or not data["slots"]:
        return None
    return {"bookable": [s for s in data["slots"] if s["bookable"]]}


def _slot_id(raw: str) -> int:
    """The slot chosen on the booking form, or EventError naming the field."""
    if not raw:
        raise EventError("請選擇諮詢時段")
    if len(raw) > MAX_SLOT_ID_CHARS or not raw.isascii() or not raw.isdigit():
        raise EventError(f"諮詢時段「{raw[:20]}」不正確，請重新選擇")
    return int(raw)


@require_POST
def book_slot(request: HttpRequest, event_id: str) -> HttpResponse:
    """Book a free time slot of a consultation day (專業諮詢日): a case of kind
    consultation_day whose number is shown; a slot already booked is refused (409)."""
    from fudao.accounts.actors import ANONYMOUS
    from fudao.events.slots import book_slot as run_booking

    event = _event_or_404(event_id)
    if event.kind != "consultation_day":
        raise Http404(f"活動「{event.title}」不是專業諮詢日，沒有諮詢時段")
    context = _detail_context(event)
    form = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
    consent = request.POST.get("consent") == "1"
    question = request.POST.get("question", "").strip()
    raw_slot = request.POST.get("slot", "").strip()
    context["booking"] = {"form": form, "consent": consent, "question": question, "slot": raw_slot}
    status = 200
    try:
        case = run_booking(slot_id=_slot_id(raw_slot), event_id=event_id, by=ANONYMOUS, channel="web",
                           registrant=RegistrantInput(consent=consent, **form), summary=question,
                           require_both=True)
    except EventConflict as exc:
        context["booking_error"], status = str(exc), 409
    except EventError as exc:
        context["booking_error"], status = str(exc), 400
    else:
        chosen = selectors.slots(event).get(case_id=case.pk)
        context.update(_detail_context(event), booked={
            "case_no": case.case_no, "name": case.contact_name,
            "slot": selectors.public_slot_json(chosen, event)})
    return render(request, "web/events/detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_link(request: HttpRequest, event_id: str, token: str) -> HttpResponse:
    """The registrant's private cancel page: GET asks to confirm, POST cancels."""
    from fudao.events.services import cancel_by_token

    event = _event_or_404(event_id)
    registration = selectors.by_token(event, token)
    if registration is None:
        raise Http404("取消連結無效")
    context: dict[str, Any] = {"event": selectors.event_json(event), "registration": registration}
    if request.method == "POST":
        try:
            cancel_by_token(event_id=event_id, token=token)
        except (EventConflict, RegistrationNotFound) as exc:
            context["error"] = str(exc)
        else:
            context["done"] = True
        registration.refresh_from_db()
    return render(request, "web/events/cancel.html", context)
