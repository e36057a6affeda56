"""The hotline intake: one screen a consultant fills while on the phone; the 統一編號 / phone
lookup proposes the enterprise on record and its open cases (htmx partial, or a plain submit)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from fudao.accounts.actors import Actor
from fudao.cases import policy, selectors, services
from fudao.enterprises.services import ContactInput, EnterpriseError, check_ubn
from fudao.web.desk.access import actor_of, staff_required
from fudao.web.desk.forms import COUNTIES, IntakeForm


def _lookup(actor: Actor, ubn: str, phone: str) -> dict[str, Any]:
    """The lookup's result: an error for a bad 統一編號, else the enterprises and open cases found."""
    ubn, phone = (ubn or "").strip(), (phone or "").strip()
    out: dict[str, Any] = {"asked": bool(ubn or phone), "error": "", "matches": [], "found": None}
    if ubn:
        try:
            check_ubn(ubn)
        except EnterpriseError as exc:
            out["error"], ubn = str(exc), ""
    if ubn or phone:
        out["matches"] = selectors.intake_matches(actor, ubn=ubn, phone=phone)["matches"]
    out["found"] = next((m for m in out["matches"] if m["ubn"] and (not ubn or m["ubn"] == ubn)), None)
    return out


def _filled(data: QueryDict, found: dict[str, Any] | None) -> QueryDict:
    """The form data with the enterprise on record filling its name, county and 統一編號."""
    data = data.copy()
    if found:
        for field, key in (("enterprise_name", "name"), ("county", "county"), ("ubn", "ubn")):
            if found.get(key):
                data[field] = found[key]
    return data


def _page(request: HttpRequest, form: IntakeForm, lookup: dict[str, Any] | None,
          status: int = 200) -> HttpResponse:
    return render(request, "desk/intake.html", {"form": form, "lookup": lookup, "counties": COUNTIES},
                  status=status)


def _refused(request: HttpRequest, actor: Actor) -> HttpResponse | None:
    decision = policy.can_open(actor)
    if decision:
        return None
    messages.error(request, decision.reason)
    return HttpResponseRedirect(reverse("desk_queue"))


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """GET: the empty intake; POST action=lookup: the same with the lookup done (no JavaScript);
    POST: open the case and go to its page (400 with the reason when it cannot be opened)."""
    actor = actor_of(request)
    refused = _refused(request, actor)
    if refused:
        return refused
    if request.method != "POST":
        return _page(request, IntakeForm(), None)
    if request.POST.get("action") == "lookup":
        found = _lookup(actor, request.POST.get("ubn", ""), request.POST.get("contact_phone", ""))
        return _page(request, IntakeForm(_filled(request.POST, found["found"])), found)
    form = IntakeForm(request.POST)
    if not form.is_valid():
        return _page(request, form, None, status=400)
    d = form.cleaned_data
    contact = None
    if d["contact_name"] or d["contact_phone"] or d["contact_email"]:
        contact = ContactInput(name=d["contact_name"], phone=d["contact_phone"], email=d["contact_email"],
                               consent_to_contact=d["consent"],
                               consent_at=timezone.now() if d["consent"] else None)
    try:
        case = services.open_case(
            channel=d["channel"], kind=d["kind"], by=actor, ubn=d["ubn"] or None,
            enterprise_name=d["enterprise_name"], contact=contact, needs=d["needs"],
            summary=d["summary"], assignee=actor.username if d["assign_to_me"] and actor.user_id else None,
            facts={"county": d["county"]} if d["county"] and d["ubn"] else None)
    except services.CaseError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, None, status=400)
    messages.success(request, f"已受理，案號 {case.case_no}")
    return HttpResponseRedirect(reverse("desk_case", args=[case.case_no]))


@require_safe
@staff_required
def lookup(request: HttpRequest) -> HttpResponse:
    """The enterprise part of the intake, filled from the record (the htmx partial)."""
    actor = actor_of(request)
    if not policy.can_open(actor):
        return HttpResponse(policy.can_open(actor).reason, status=403)
    found = _lookup(actor, request.GET.get("ubn", ""),
                    request.GET.get("phone") or request.GET.get("contact_phone", ""))
    form = IntakeForm(_filled(request.GET, found["found"]))
    return render(request, "desk/_intake_enterprise.html", {"form": form, "lookup": found,
                                                            "counties": COUNTIES})
