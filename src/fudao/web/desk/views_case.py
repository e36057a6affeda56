"""The case page (fields, SLA, triage, timeline) and its actions; every action is a POST that
calls one service function and comes back to the page with a zh-TW message."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from fudao.accounts.actors import Actor
from fudao.accounts.roles import Role
from fudao.cases import attachments, policy, selectors, services
from fudao.cases.messages import send_message
from fudao.cases.models import Case
from fudao.cases.triage import triage
from fudao.cases.vocabulary import MESSAGE_KINDS, STATUSES, TRANSITIONS
from fudao.errors import FudaoError
from fudao.rules.profile import fact_label
from fudao.web.attachments import attachment_response
from fudao.web.desk import choices, present
from fudao.web.desk.access import actor_of, case_or_404, staff_required
from fudao.web.desk.casework import casework_context
from fudao.web.desk.forms import (
    AssignForm,
    AttachmentForm,
    LogForm,
    MeasureForm,
    MergeForm,
    MessageForm,
    StatusChangeForm,
)

Action = Callable[[HttpRequest, Actor, Case], str]


def _actions(actor: Actor, case: Case) -> dict[str, Any]:
    """Which action forms the page offers (the services decide again on every POST)."""
    change = bool(policy.can_change(actor, case))
    self_assign = change and case.assignee_id != actor.user_id and bool(policy.can_assign(
        actor, case, assignee_team_id=actor.team_id, assignee_id=actor.user_id))
    return {
        "can_change": change,
        "transitions": [(s, label) for s, label in STATUSES.items() if s in TRANSITIONS[case.status]]
        if change else [],
        "asks_reason": change and bool(TRANSITIONS[case.status] & {"resolved", "closed"}),
        "assign_others": change and actor.role in (Role.SUPERVISOR, Role.ADMIN),
        "assign_self": self_assign,
        "can_merge": bool(policy.can_merge(actor, case, case)),
    }


@require_safe
@staff_required
def case_page(request: HttpRequest, case_no: str) -> HttpResponse:
    """One case: its fields, SLA clocks, triage panel, attached measures, timeline, actions and
    the casework forms."""
    actor = actor_of(request)
    return case_page_response(request, actor, case_or_404(actor, case_no))


def case_page_response(request: HttpRequest, actor: Actor, case: Case, *,
                       cw_error: dict[str, Any] | None = None) -> HttpResponse:
    """The case page; with `cw_error` (a refused casework form: its form, field and message)
    answered 400 with the error in the summary and beside the field, the form refilled."""
    doc = selectors.case_json(actor, case)
    panel = triage(case)
    attached = {m["measure_id"] for m in doc["measures"]}
    measures = [{**r, "missing_labels": [fact_label(k) for k in r.get("missing_facts") or []],
                 "attached": r["measure_id"] in attached} for r in panel["measures"]]
    actions = _actions(actor, case)
    cw = casework_context(case) if actions["can_change"] else {}
    if cw:
        triaged = {m["measure_id"] for m in measures}
        cw["more_measures"] = [m for m in cw["measures"] if m["measure_id"] not in triaged]
    return render(request, "desk/case.html", {
        "case": case, "doc": doc, "clocks": present.clocks(case, timezone.now()),
        "timeline": present.timeline(doc), "measures": measures, "answer": panel["answer"],
        "members": choices.assignable(actor) if actions["assign_others"] else [],
        "log_form": LogForm(), "status_form": StatusChangeForm(), "message_form": MessageForm(auto_id="msg-%s"),
        "attachment_form": AttachmentForm(auto_id="up-%s"), "cw": cw, "cw_error": cw_error,
        "posted": request.POST if cw_error else {}, **actions,
        "posted_terms": request.POST.getlist("terms") if cw_error else [],
        "posted_experts": request.POST.getlist("expert") if cw_error else [],
        "check_facts": _fact_rows(doc.get("facts") or {}),
    }, status=400 if cw_error else 200)


def _fact_rows(facts: dict[str, object]) -> list[dict[str, str]]:
    """The facts given when the case was opened (the eligibility check's), in words."""
    from fudao.web.questionnaire import StepState, answer_rows

    return answer_rows(StepState(answers=dict(facts))) if facts else []


def case_action(action: Action) -> Callable[[HttpRequest, str], HttpResponse]:
    """Decorator: POST only, staff only, 404 for an invisible case; any application error of the
    action (a refusal, a bad value, a case it names that is not found) comes back on the case
    page as its zh-TW message, never a 500."""

    @require_POST
    @staff_required
    @wraps(action)
    def view(request: HttpRequest, case_no: str) -> HttpResponse:
        actor = actor_of(request)
        case = case_or_404(actor, case_no)
        try:
            messages.success(request, action(request, actor, case))
        except FudaoError as exc:  # the one handler: every kind becomes the page's message
            messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("desk_case", args=[case.case_no]))

    return view


def _valid(form: Any) -> Any:
    if not form.is_valid():
        raise services.CaseError(form.error_text())
    return form.cleaned_data


@case_action
def change_status(request: HttpRequest, actor: Actor, case: Case) -> str:
    """Move the case to the status chosen."""
    form = _valid(StatusChangeForm(request.POST))
    status = form["status"]
    services.change_status(case_no=case.case_no, status=status, by=actor, reason=form["reason"] or None)
    return f"案件狀態已改為「{STATUSES[status]}」"


@case_action
def message(request: HttpRequest, actor: Actor, case: Case) -> str:
    """E-mail the enterprise (a request for information carries the reply link)."""
    form = _valid(MessageForm(request.POST))
    send_message(case_no=case.case_no, kind=form["kind"], text=form["text"], by=actor,
                 base_url=request.build_absolute_uri("/"))
    return f"已排入寄送：「{MESSAGE_KINDS[form['kind']]}」，將寄至聯絡人的電子郵件"


@case_action
def upload(request: HttpRequest, actor: Actor, case: Case) -> str:
    """Keep a file on the case."""
    form = AttachmentForm(request.POST, request.FILES)
    got = _valid(form)["file"]
    row = attachments.add_attachment(case_no=case.case_no, by=actor,
                                     upload=attachments.read_upload(got.name or "", got))
    return f"已附加檔案「{row.name}」"


@require_safe
@staff_required
def download(request: HttpRequest, case_no: str, attachment_id: int) -> HttpResponse:
    """A file of the case, to who may see it (404 otherwise)."""
    # a streamed file answer; the staff gate only passes it on
    return cast(HttpResponse, attachment_response(actor_of(request), case_no, attachment_id))


@case_action
def assign(request: HttpRequest, actor: Actor, case: Case) -> str:
    """Assign the case (a consultant only to themselves; '' unassigns)."""
    who = (_valid(AssignForm(request.POST))["assignee"] or "").strip() or None
    services.assign(case_no=case.case_no, assignee=who, by=actor)
    return f"案件已指派給 {who}" if who else "案件已取消指派"


@case_action
def log(request: HttpRequest, actor: Actor, case: Case) -> str:
    """Log a call, e-mail or note."""
    form = LogForm(request.POST)
    kind = _valid(form)["type"]
    services.log_activity(case_no=case.case_no, type=kind, by=actor, data=form.data_for_service(),
                          at=form.when())
    return f"已記錄{dict(form.fields['type'].choices)[kind]}"  # type: ignore[attr-defined]


@case_action
def attach(request: HttpRequest, actor: Actor, case: Case) -> str:
    """Attach a measure from the triage panel."""
    row = services.attach_measure(case_no=case.case_no, by=actor,
                                  measure_id=_valid(MeasureForm(request.POST))["measure_id"])
    return f"已將「{row.name}」加入本案措施"


@case_action
def merge(request: HttpRequest, actor: Actor, case: Case) -> str:
    """Merge this case into another (supervisors and admins)."""
    into = _valid(MergeForm(request.POST))["into"].strip()
    services.merge_case(case_no=case.case_no, into=into, by=actor)
    return f"本案已併入 {into}"
