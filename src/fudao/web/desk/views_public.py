"""The public desk pages: the inquiry form (opens a `web` case) and the case-status lookup."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from fudao.accounts.actors import ANONYMOUS
from fudao.cases import selectors, services
from fudao.enterprises.services import ContactInput
from fudao.web.desk.forms import InquiryForm, StatusForm

SESSION_KEY = "inquiry_case_no"
NOT_FOUND = "查無符合的案件：請確認案號與聯絡電話末 4 碼是否正確。"


@require_http_methods(["GET", "HEAD", "POST"])
def inquiry(request: HttpRequest) -> HttpResponse:
    """The public inquiry form; a valid one becomes a `web` / `inquiry` case. The visitor's
    organisation name and contact stay on the case: an enterprise on record is only linked."""
    if request.method != "POST":
        return _page(request, {"form": InquiryForm(), "facts": []})
    form = InquiryForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            case = services.open_case(
                channel="web", kind="inquiry", by=ANONYMOUS, ubn=d["ubn"] or None, county=d["county"] or None,
                update_enterprise=False, enterprise_name=d["org"], needs=d["needs"], summary=d["question"],
                facts=d["check_answers"] or None,
                contact=ContactInput(name=d["name"], phone=d["phone"], email=d["email"],
                                     consent_to_contact=True, consent_at=timezone.now()))
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            request.session[SESSION_KEY] = case.case_no
            return HttpResponseRedirect(reverse("inquiry_done"))
    return _page(request, {"form": form, "facts": _fact_rows(form)}, status=400)


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The inquiry page with the service's hotlines and service points beside the form."""
    from fudao.web import presenters

    return render(request, "desk/inquiry.html", {
        **context, "service_contacts": presenters.service_contacts(),
        "service_points": presenters.service_points()}, status=status)


def _fact_rows(form: InquiryForm) -> list[dict[str, str]]:
    """The check's answers the form carries, as label/value rows (none when absent or bad)."""
    from fudao.web.questionnaire import StepState, answer_rows

    answers = form.cleaned_data.get("check_answers") if hasattr(form, "cleaned_data") else None
    return answer_rows(StepState(answers=answers)) if isinstance(answers, dict) and answers else []


@require_http_methods(["POST"])
def inquiry_from_check(request: HttpRequest) -> HttpResponse:
    """The inquiry form opened from the eligibility check's results: the check's answers
    travel with it (shown, and kept on the case and a new enterprise's record)."""
    from fudao.rules.profile import ProfileError
    from fudao.web.questionnaire import answer_rows, read_state

    try:
        state = read_state(request.POST)
    except ProfileError:
        return _page(request, {"form": InquiryForm(), "facts": [],
                               "error": "資格檢測的資料已損毀，請直接填寫問題或重新檢測"}, status=400)
    needs = [n for n in state.answers.get("needs") or [] if isinstance(n, str)]
    form = InquiryForm(initial={"check_answers": state.answers_json(), "needs": needs,
                                "county": state.answers.get("county") or ""})
    return _page(request, {"form": form, "facts": answer_rows(state)})


@require_safe
def inquiry_done(request: HttpRequest) -> HttpResponse:
    """The case number of the inquiry just sent, and how to follow it."""
    case_no = request.session.get(SESSION_KEY)
    if not case_no:
        return HttpResponseRedirect(reverse("inquiry"))
    return render(request, "desk/inquiry_done.html", {"case_no": case_no})


@require_http_methods(["GET", "HEAD", "POST"])
def public_status(request: HttpRequest) -> HttpResponse:
    """Case number + the last 4 digits of the phone → the case's public status; any mismatch
    answers exactly as a case that does not exist (404)."""
    if request.method != "POST":
        return render(request, "desk/status.html", {"form": StatusForm()})
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render(request, "desk/status.html", {"form": form, "error": form.error_text()}, status=400)
    found = selectors.public_status(form.cleaned_data["case_no"], form.cleaned_data["last4"])
    if found is None:
        return render(request, "desk/status.html", {"form": form, "error": NOT_FOUND}, status=404)
    return render(request, "desk/status.html", {"form": StatusForm(), "result": found})
