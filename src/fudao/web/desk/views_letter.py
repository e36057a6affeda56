"""The printable referral letter of a case's referral to an agency or service team."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from fudao.cases.referrals import referral_letter
from fudao.web.desk.access import actor_of, case_or_404, staff_required
from fudao.web.presenters import service_contacts


@require_safe
@staff_required
def letter(request: HttpRequest, case_no: str, referral_id: int) -> HttpResponse:
    """The referral letter, laid out to print (A4) or save as PDF from the browser."""
    actor = actor_of(request)
    case = case_or_404(actor, case_no)
    return render(request, "desk/referral_letter.html", {
        "letter": referral_letter(actor, case, referral_id), "case": case,
        "service_contacts": service_contacts()[:1],
    })
