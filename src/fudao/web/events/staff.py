"""Staff events pages (consultants, supervisors, admins, signed in): every event with its
figures, one event's registrations with CSV/XLSX exports, a printable sign-in sheet, a fast
check-in page (one click per attendee, htmx swaps the row when present) and 「轉為案件」. A
registration's case number (and its link) is shown only to whom may see that case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from fudao.accounts.actors import Actor, actor_for_user
from fudao.cases.models import Case
from fudao.cases.policy import can_see
from fudao.events import exports, selectors, services
from fudao.events.errors import EventError, EventNotFound, RegistrationNotFound
from fudao.events.models import Registration
from fudao.events.vocabulary import ATTENDEE_CASE_KINDS
from fudao.web.staff import staff_page

View = Callable[..., HttpResponse]


def desk_required(view: View) -> View:
    """Decorator: the staff gate of the events pages (`fudao.web.staff`)."""
    return staff_page("events")(view)


def _actor(request: HttpRequest) -> Actor:
    return actor_for_user(request.user)


def _event(event_id: str):  # type: ignore[no-untyped-def]
    try:
        return selectors.get_event(event_id)
    except EventNotFound as exc:
        raise Http404(str(exc)) from None


def _context(event_id: str) -> dict[str, Any]:
    event = _event(event_id)
    return {"event": event, "info": selectors.event_json(event)}


def _seen_case(actor: Actor, registration: Registration) -> Case | None:
    """The registration's case if the actor may see it (its page answers 404 otherwise)."""
    case = registration.case
    return case if case is not None and can_see(actor, case) else None


def _rows(actor: Actor, registrations: Any) -> list[dict[str, Any]]:
    """Each registration with the case the actor may see (`case`, else None) and whether it
    was turned into a case at all (`has_case`)."""
    return [{"r": r, "case": _seen_case(actor, r), "has_case": r.case_id is not None}
            for r in registrations]


@require_safe
@desk_required
def event_list(request: HttpRequest) -> HttpResponse:
    """Every event, latest first, with its figures."""
    return render(request, "web/events/staff_list.html",
                  {"events": [selectors.event_json(e) for e in selectors.all_events()]})


@require_safe
@desk_required
def registrations(request: HttpRequest, event_id: str) -> HttpResponse:
    """The event's registrations with contacts, consent, status, attendance and case."""
    context = _context(event_id)
    context["rows"] = _rows(_actor(request), selectors.registrations(context["event"]))
    return render(request, "web/events/staff_registrations.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@desk_required
def export_csv(request: HttpRequest, event_id: str) -> HttpResponse:
    """The registrations as CSV (UTF-8 with BOM)."""
    return _download(exports.to_csv(_event(event_id), by=_actor(request)), "text/csv; charset=utf-8",
                     f"{event_id}-registrations.csv")


@require_safe
@desk_required
def export_xlsx(request: HttpRequest, event_id: str) -> HttpResponse:
    """The registrations as an XLSX workbook."""
    return _download(exports.to_xlsx(_event(event_id), by=_actor(request)),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     f"{event_id}-registrations.xlsx")


@require_safe
@desk_required
def sign_in_sheet(request: HttpRequest, event_id: str) -> HttpResponse:
    """A printable sign-in sheet of the registered (print CSS hides the site around it)."""
    context = _context(event_id)
    context["registrations"] = list(selectors.registrations(context["event"], status="registered"))
    return render(request, "web/events/sign_in.html", context)


@require_safe
@desk_required
def check_in(request: HttpRequest, event_id: str) -> HttpResponse:
    """The check-in page: search by name, organisation or phone; one button per attendee."""
    context = _context(event_id)
    query = request.GET.get("q", "")
    context.update(q=query, kinds=list(ATTENDEE_CASE_KINDS.items()),
                   rows=_rows(_actor(request), selectors.find_registrations(context["event"], query)))
    return render(request, "web/events/check_in.html", context)


def _back(request: HttpRequest, event_id: str, anchor: str = "") -> HttpResponse:
    target = request.POST.get("next", "")
    allowed = {reverse("events:check_in", args=[event_id]),
               reverse("events:staff_registrations", args=[event_id])}
    url = target if target in allowed else reverse("events:check_in", args=[event_id])
    return redirect(url + anchor)


@require_POST
@desk_required
def attend(request: HttpRequest, event_id: str, registration_id: int) -> HttpResponse:
    """Mark one attendee as present (or absent with attended=0)."""
    present = request.POST.get("attended", "1") != "0"
    try:
        registration = services.mark_attendance(event_id=event_id, registration_id=registration_id,
                                                by=_actor(request), attended=present)
    except (EventNotFound, RegistrationNotFound) as exc:
        raise Http404(str(exc)) from None
    except EventError as exc:
        messages.error(request, str(exc))
        return _back(request, event_id)
    if request.headers.get("HX-Request") == "true":
        registration.event = _event(event_id)
        (row,) = _rows(_actor(request), [registration])
        return render(request, "web/events/_check_in_row.html",
                      {**row, "info": selectors.event_json(registration.event),
                       "kinds": list(ATTENDEE_CASE_KINDS.items())})
    messages.success(request, f"{registration.name}：{'已報到' if present else '已改為未出席'}")
    return _back(request, event_id, f"#r-{registration_id}")


@require_POST
@desk_required
def cancel(request: HttpRequest, event_id: str, registration_id: int) -> HttpResponse:
    """Cancel a registration for the registrant; the first on the waitlist moves up."""
    try:
        done = services.cancel_by_staff(event_id=event_id, registration_id=registration_id, by=_actor(request))
    except (EventNotFound, RegistrationNotFound) as exc:
        raise Http404(str(exc)) from None
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        note = f"；候補 {done.promoted.name} 已轉為正取並寄出通知" if done.promoted else ""
        messages.success(request, f"已取消 {done.registration.name} 的報名{note}")
    return redirect("events:staff_registrations", event_id=event_id)


@require_POST
@desk_required
def to_case(request: HttpRequest, event_id: str, registration_id: int) -> HttpResponse:
    """「轉為案件」: open a walk-in case for the attendee in one step."""
    try:
        case = services.attendee_to_case(event_id=event_id, registration_id=registration_id,
                                         kind=request.POST.get("kind", "inquiry"),
                                         summary=request.POST.get("summary", ""), by=_actor(request))
    except (EventNotFound, RegistrationNotFound) as exc:
        raise Http404(str(exc)) from None
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已開立案件 {case.case_no}")
    return _back(request, event_id, f"#r-{registration_id}")
