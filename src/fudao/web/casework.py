"""The casework pages of the desk (login required, scoped by the access policy): the
follow-ups due and overdue per consultant and team, the expert pool,
and a case's casework forms (visit, a planned visit marked done, diagnosis, referral,
application, financial outcome, follow-up). Views only parse the form and call the case services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fudao.accounts.actors import Actor, actor_for_user
from fudao.cases import followups
from fudao.cases.activities import (
    DIAGNOSIS_AREAS,
    REFERRAL_OUTCOMES,
    VISIT_MODES,
)
from fudao.cases.ledger import CaseNotFound
from fudao.cases.referrals import update_referral
from fudao.cases.selectors import get_case
from fudao.cases.services import complete_visit, log_activity
from fudao.cases.vocabulary import ACTIVITY_TYPES, KINDS, REGIONS
from fudao.errors import FudaoError, Invalid
from fudao.validation import parse_day, parse_instant
from fudao.web.desk.views_case import case_page_response
from fudao.web.desk.wording import LABELS, explain
from fudao.web.staff import staff_page

FORM_LABELS = {("visit", "at"): "訪視時間", ("visit_done", "at"): "訪視時間", ("application", "at"): "時間"}


def _actor(request: HttpRequest) -> Actor:
    return actor_for_user(request.user)


def _day(value: str | None, name: str) -> dt.date | None:
    return parse_day(value, f"欄位「{name}」的日期", field=name) if value else None


@staff_page("desk")
def followups_page(request: HttpRequest) -> HttpResponse:
    """Follow-ups due by a day (overdue first) and the overdue counts per consultant and team."""
    actor = _actor(request)
    try:
        on = _day(request.GET.get("on"), "on") or followups.today()
    except ValueError as exc:
        return render(request, "web/desk/followups.html", {"error": str(exc)}, status=400)
    assignee = (request.GET.get("assignee") or "").strip()[:150] or None
    team = (request.GET.get("team") or "").strip()[:50] or None
    due = followups.due(actor, on=on)
    today = followups.today()
    context = {"on": on, "due": due, "counts": followups.overdue_counts(actor, on=min(on, today)),
               "overdue_now": sum(1 for r in due["follow_ups"] if r["due"] < today.isoformat()),
               "week_end": today + dt.timedelta(days=6),
               "assignee": assignee, "team": team,
               "overdue": followups.overdue_list(actor, on=on, assignee=assignee, team=team)
               if (assignee or team) else None}
    return render(request, "web/desk/followups.html", context)


def _at(value: str | None) -> dt.datetime | None:
    return parse_instant(value, "欄位「at」的時間", past_event=False, field="at") if value else None


def _names(text: str) -> list[str]:
    """The experts typed in one field, separated by commas or 、."""
    return [e.strip() for e in text.replace("、", ",").replace("，", ",").split(",") if e.strip()]


def activity_from_form(form: Any) -> tuple[str, dict[str, Any]]:
    """The activity type and data a casework form posted (ValueError for an unknown form)."""
    kind = form.get("form", "")
    if kind == "visit":
        done = form.get("done") == "1"
        return "visit", {"mode": form.get("mode", "onsite"), "experts": _names(form.get("experts", "")),
                         "expert_codes": form.getlist("expert"), "done": done,
                         "planned_for": form.get("planned_for") or None, "text": form.get("text", "")}
    if kind == "diagnosis":
        findings = {area: form.get(f"finding_{area}", "") for area in DIAGNOSIS_AREAS if form.get(f"finding_{area}")}
        picked = [*form.getlist("measure"), *(n.strip() for n in form.getlist("measure_more") if n.strip())]
        return "diagnosis", {"findings": findings, "recommended_measures": picked}
    if kind == "referral":
        return "referral", {"to": form.get("to", ""), "text": form.get("text", ""),
                            "consent": form.get("consent") == "1"}
    if kind == "application":
        return "application", {"measure_id": form.get("measure_id", ""), "stage": form.get("stage", ""),
                               "amount_twd": form.get("amount_twd") or None, "text": form.get("text", "")}
    if kind == "financing_outcome":
        return kind, {"result": form.get("result") or "obtained", "bank": form.get("bank", ""),
                      "amount_twd": form.get("amount_twd") or None, "date": form.get("date") or None,
                      "improvement_plan": form.get("improvement_plan", "")}
    if kind == "debt_outcome":
        meeting = ({"date": form.get("meeting_date") or None, "called_by": form.get("meeting_called_by", ""),
                    "attendees": form.get("meeting_attendees", "")}
                   if form.get("meeting_date") or form.get("meeting_called_by") else None)
        return kind, {"bank": form.get("bank", ""), "amount_twd": form.get("amount_twd") or None,
                      "date": form.get("date") or None, "creditors": form.get("creditors", ""),
                      "terms": form.getlist("terms"), "meeting": meeting}
    if kind == "follow_up":
        return "follow_up", {"due": form.get("due") or None, "text": form.get("text", "")}
    raise Invalid("未知的表單")


def _post(request: HttpRequest, actor: Actor, case_no: str) -> str:
    """Carry out one posted casework form; the confirmation shown (CaseError/ValueError otherwise)."""
    form = request.POST
    at = _at(form.get("at"))
    if form.get("form") == "close_follow_up":
        row = followups.close_follow_up(case_no=case_no, follow_up_id=_int(form.get("id"), "id"),
                                        outcome=form.get("outcome", ""), note=form.get("note", ""),
                                        by=actor, at=at)
        return f"追蹤「{row.data.get('text') or '追蹤事項'}」已{followups.CLOSE_OUTCOMES[row.outcome]}"
    if form.get("form") == "visit_done":
        complete_visit(case_no=case_no, visit_id=_int(form.get("id"), "id"), by=actor, at=at,
                               mode=form.get("mode") or None,
                               experts=_names(form["experts"]) if "experts" in form else None,
                               expert_codes=form.getlist("expert") if "pool" in form else None,
                               text=form.get("text"))
        return "訪視已標記完成"
    if form.get("form") == "referral_outcome":
        ref = update_referral(case_no=case_no, referral_id=_int(form.get("id"), "id"),
                              outcome=form.get("outcome", ""), note=form.get("note", ""), by=actor, at=at)
        return f"轉介至{ref.data.get('to_name') or '對象'}已更新為「{REFERRAL_OUTCOMES[ref.outcome]}」"
    type_, data = activity_from_form(form)
    if type_ == "diagnosis":
        data["recommended_measures"] = _measure_ids(case_no, actor, data["recommended_measures"])
    log_activity(case_no=case_no, type=type_, by=actor, data=data, at=at)
    return f"已記錄{ACTIVITY_TYPES[type_]}"


def _measure_ids(case_no: str, actor: Actor, picked: list[str]) -> list[str]:
    """The measures a diagnosis form picked, by id (the triage's checkboxes) or by the name
    typed in the searchable picker."""
    from fudao.cases.selectors import get_case
    from fudao.cases.triage import matched_measures

    by_name = {m.get("name"): m["measure_id"] for m in matched_measures(get_case(actor, case_no))}
    return [by_name.get(p, p) for p in picked]


def _int(value: str | None, name: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Invalid(f"欄位「{name}」須為數字") from None


@staff_page("desk")
@require_http_methods(["GET", "POST"])
def casework_page(request: HttpRequest, case_no: str) -> HttpResponse:
    """A case's casework address: the case page (which holds the casework forms); a POST logs
    one form and goes back to the case page, or answers it 400 with the error."""
    actor = _actor(request)
    try:
        case = get_case(actor, case_no)
    except CaseNotFound as exc:
        raise Http404(str(exc)) from None
    error = None
    if request.method == "POST":
        try:
            messages.success(request, _post(request, actor, case.case_no))
            return HttpResponseRedirect(reverse("desk_case", args=[case.case_no]) + "#casework")
        except CaseNotFound as exc:
            raise Http404(str(exc)) from None
        except FudaoError as exc:  # every other kind: the form again, its error beside the field
            error = str(exc)
    # The casework lives on the case page: this address shows the same page (a refused form
    # answered 400 with its error beside the field).
    worded = _worded(request.POST.get("form", ""), error) if error else None
    return case_page_response(request, actor, case, cw_error=worded)


def _worded(form: str, error: str) -> dict[str, Any]:
    field, text = explain(error)
    field = field.replace(".", "_") if field else field  # meeting.date → the form's meeting_date
    label = FORM_LABELS.get((form, field or ""), LABELS.get(field or "", ""))
    if field == "at" and label:
        text = text.replace("活動時間", label)
    return {"form": form, "field": field, "label": label, "message": text}


@staff_page("desk")
def experts_page(request: HttpRequest) -> HttpResponse:
    """The expert pool, filtered by a domain (?domain=) or a county (?county=)."""
    from fudao.cases.experts import list_experts
    from fudao.validation import COUNTIES

    domain = request.GET.get("domain") or None
    county = request.GET.get("county") or None
    status, error, rows = 200, "", []
    try:
        rows = list(list_experts(domain=domain, county=county))
    except Invalid as exc:
        status, error = 400, str(exc)
    return render(request, "web/desk/experts.html", {
        "experts": rows, "error": error, "domain": domain or "", "county": county or "",
        "areas": DIAGNOSIS_AREAS, "counties": COUNTIES, "regions": REGIONS}, status=status)


@staff_page("desk")
def expert_page(request: HttpRequest, code: str) -> HttpResponse:
    """One expert of the pool and the visits they made, on the cases the reader may see."""
    from fudao.cases.experts import ExpertError, expert_visits, get_expert

    try:
        expert = get_expert(code)
    except ExpertError as exc:
        raise Http404(str(exc)) from None
    visits = list(expert_visits(_actor(request), expert))
    return render(request, "web/desk/expert.html", {
        "expert": expert, "visits": visits, "areas": DIAGNOSIS_AREAS, "regions": REGIONS,
        "modes": VISIT_MODES, "kinds": KINDS})
