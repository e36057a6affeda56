"""Public events pages: upcoming events by region and kind, one event with its registration
form and the result (a seat, or the waitlist with its position), the private cancel link."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from fudao.events import selectors
from fudao.events.checks import RegistrantInput
from fudao.events.errors import EventConflict, EventError, EventNotFound, RegistrationNotFound
from fudao.events.vocabulary import EVENT_KINDS

FORM_FIELDS = ("name", "org", "ubn", "phone", "email")


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
    context: dict[str, Any] = {"event": selectors.event_json(event), "form": {}, "consent": False}
    status = 200
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
        consent = request.POST.get("consent") == "1"
        context.update(form=form, consent=consent)
        try:
            done = register(event_id=event_id, registrant=RegistrantInput(consent=consent, **form))
        except EventConflict as exc:
            context["error"], status = str(exc), 409
        except EventError as exc:
            context["error"], status = str(exc), 400
        else:
            link = reverse("events:cancel", args=[event_id, done.token])
            context["result"] = {"status": done.registration.status, "position": done.registration.position,
                                 "name": done.registration.name,
                                 "cancel_url": request.build_absolute_uri(link)}
            context["event"] = selectors.event_json(selectors.get_event(event_id))
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
