"""Writes of cases: each in one transaction that also writes the case's history rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.accounts.models import Team
from fudao.cases import casework, history, numbering, policy, sla
from fudao.cases.activities import ActivityError, ActivityFields, parse_activity
from fudao.cases.experts import link_visit
from fudao.cases.ledger import (
    CaseDenied,
    CaseError,
    CaseNotFound,
    check_when,
    history_row,
    locked,
    now,
    refresh_sla,
    require,
)
from fudao.cases.models import Activity, Case, CaseMeasure, Expert, HistoryEntry
from fudao.cases.vocabulary import (
    CHANNELS,
    CLOSING_REASONS,
    KINDS,
    RESPONSE_ACTIVITIES,
    STATUSES,
    TRANSITIONS,
    check,
)
from fudao.enterprises.services import (
    ContactInput,
    EnterpriseError,
    check_contact,
    clean_facts,
    link_enterprise,
    phone_digits,
    upsert_enterprise,
)
from fudao.errors import Invalid
from fudao.rules.profile import FACTS
from fudao.validation import check_text

NEEDS = {k for k, _ in FACTS["needs"].choices}

__all__ = ["CaseDenied", "CaseError", "CaseNotFound", "check_when", "refresh_sla"]


def check_needs(needs: Iterable[str]) -> list[str]:
    """The needs, de-duplicated, each from the profile's vocabulary."""
    out: list[str] = []
    for need in needs:
        if need not in NEEDS:
            raise CaseError(f"需求「{need}」不存在，可用：{'、'.join(sorted(NEEDS))}")
        if need not in out:
            out.append(need)
    return out


def _user(username: str | None):  # type: ignore[no-untyped-def]
    if not username:
        return None
    user = get_user_model().objects.select_related("staff").filter(username=username).first()
    if user is None:
        raise CaseError(f"承辦人 assignee「{username}」不存在")
    return user


def _team_for(county: str | None) -> Team | None:
    if not county:
        return None
    for team in Team.objects.all():
        if county in (team.counties or []):
            return team
    return None


def open_case(*, channel: str, kind: str, by: Actor, ubn: str | None = None,
              enterprise_name: str = "", contact: ContactInput | None = None,
              needs: Iterable[str] = (), summary: str = "", opened_at: dt.datetime | None = None,
              assignee: str | None = None, team: str | None = None,
              facts: dict[str, Any] | None = None, case_no: str | None = None,
              update_enterprise: bool = True, county: str | None = None) -> Case:
    """Open a numbered case (the enterprise created or updated when a 統一編號 is given) and
    write its opening to the history, in one transaction.

    `update_enterprise=False` (the public forms), and always for an anonymous caller: an
    enterprise already on record with that 統一編號 is only linked, its facts and contacts
    left as they are (a new one is created with the name and facts given, without contact);
    the name and contact typed are kept on the case itself. `county` (the public inquiry's
    answer) routes a case of no team to the team covering that county, before the enterprise's."""
    if by.role is not None:
        require(policy.can_open(by))
    try:
        check(channel, CHANNELS, "來源 channel")
        check(kind, KINDS, "類別 kind")
    except ValueError as exc:
        raise CaseError(str(exc)) from None
    when = check_when(opened_at, what="受理時間 opened_at")
    wanted = check_needs(needs)
    if contact is not None:
        try:
            check_contact(contact)
        except ValueError as exc:
            raise CaseError(str(exc)) from None
    try:
        check_text(summary, "摘要", limit=8000)
        check_text(enterprise_name, "企業名稱", limit=200)
        check_text(team, "團隊")
        check_text(assignee, "承辦人")
        check_text(case_no, "案號")
    except Invalid as exc:
        raise CaseError(str(exc)) from None
    given_facts = _case_facts(facts)
    owner = _user(assignee)
    team_row = Team.objects.filter(slug=team).first() if team else None
    if team and team_row is None:
        raise CaseError(f"團隊「{team}」不存在")
    staff = getattr(owner, "staff", None) if owner else None
    if by.role is not None and (owner is not None or team_row is not None):
        # refused before anything is written: an assignee the actor may not assign, or a
        # team whose case the actor would not see
        require(policy.can_open_case(
            by, team_id=team_row.pk if team_row else (staff.team_id if staff else None) or by.team_id,
            assignee_id=owner.pk if owner else None, assignee_team_id=staff.team_id if staff else None))
    with transaction.atomic():
        enterprise = None
        if ubn:
            given = {**(facts or {}), **({"name": enterprise_name} if enterprise_name else {})}
            try:
                if update_enterprise and not by.anonymous:
                    enterprise, _ = upsert_enterprise(ubn=ubn, facts=given, contact=contact)
                else:
                    enterprise, _ = link_enterprise(ubn=ubn, facts=given)
            except ValueError as exc:
                raise CaseError(str(exc)) from None
        if team_row is None:
            team_row = (staff.team if staff else None) or (
                Team.objects.filter(pk=by.team_id).first() if by.team_id else None) or _team_for(
                county) or _team_for(enterprise.county if enterprise else None)
        if case_no:
            numbering.parse_case_no(case_no)
            numbering.keep_case_no(case_no)
            number = case_no
        else:
            number = numbering.next_case_no(numbering.roc_year(when))
        c = contact or ContactInput()
        case = Case(case_no=number, channel=channel, kind=kind, status="new", opened_at=when,
                    enterprise=enterprise,
                    enterprise_name=enterprise_name or (enterprise.name if enterprise and enterprise.name else ""),
                    contact_name=c.name, contact_phone=c.phone,
                    contact_phone_digits=phone_digits(c.phone) if c.phone else "",
                    contact_email=c.email, needs=wanted, summary=summary, team=team_row,
                    assignee=owner, facts=given_facts)
        case.first_response_due = sla.first_response_due(kind, when, channel)
        case.resolution_due = sla.resolution_due(kind, when, [], channel)
        case.save()
        rows = [history_row(case, by, when, *history.status(None, "new"))]
        if owner:
            rows.append(history_row(case, by, when, *history.assignee(None, owner.get_username())))
        HistoryEntry.objects.bulk_create(rows)
    return case


def _case_facts(facts: dict[str, Any] | None) -> dict[str, Any]:
    """The profile facts kept on a case, checked by the profile vocabulary (CaseError)."""
    if not facts:
        return {}
    try:
        return clean_facts(facts)
    except EnterpriseError as exc:
        raise CaseError(str(exc)) from None


def _mark_response(case: Case, by: Actor, at: dt.datetime) -> None:
    if case.first_response_at is None and not by.anonymous:
        case.first_response_at = at


def check_reason(status: str, reason: str | None) -> str:
    """The closing reason of a move to `status`: required (from CLOSING_REASONS) when resolving
    or closing, refused otherwise; CaseError (zh-TW) naming the choices."""
    reason = (reason or "").strip()
    choices = "、".join(f"{k}（{v}）" for k, v in CLOSING_REASONS.items())
    if status in ("resolved", "closed"):
        if not reason:
            raise CaseError(f"{STATUSES[status]}需要結案原因 reason，可用：{choices}")
        if reason not in CLOSING_REASONS:
            raise CaseError(f"結案原因 reason「{reason}」不存在，可用：{choices}")
        return reason
    if reason:
        raise CaseError("只有改為已解決或已結案時才需要結案原因 reason")
    return ""


def change_status(*, case_no: str, status: str, by: Actor, at: dt.datetime | None = None,
                  reason: str | None = None) -> Case:
    """Move the case to `status` if the flow allows it; the SLA clocks follow. Resolving and
    closing take a `reason` (CLOSING_REASONS), kept on the case with its own history row."""
    with transaction.atomic():
        case = locked(case_no, by)
        require(policy.can_change(by, case))
        try:
            check(status, STATUSES, "狀態 status")
        except ValueError as exc:
            raise CaseError(str(exc)) from None
        return move_status(case=case, status=status, by=by, at=at, reason=reason)


def move_status(*, case: Case, status: str, by: Actor, at: dt.datetime | None = None,
                reason: str | None = None) -> Case:
    """Move a case the caller has locked (and may change) to `status`, inside the caller's
    transaction: the flow's check, the closing reason's (`check_reason`), the history rows,
    the SLA clocks."""
    when = check_when(at, not_before=case.opened_at)
    if status != case.status and status not in TRANSITIONS[case.status]:
        allowed = "、".join(f"{s}（{STATUSES[s]}）" for s in sorted(TRANSITIONS[case.status])) or "無"
        raise CaseError(f"案件狀態不能由「{STATUSES[case.status]}」改為「{STATUSES[status]}」"
                        f"（可改為：{allowed}）")
    reason = check_reason(status, reason)
    if status == case.status:
        if reason and reason != case.closing_reason:
            history_row(case, by, when, *history.closing_reason(case.closing_reason, reason)).save()
            case.closing_reason = reason
            case.save(update_fields=["closing_reason", "updated_at"])
        return case
    old = case.status
    history_row(case, by, when, *history.status(old, status)).save()
    case.status = status
    _mark_response(case, by, when)
    if reason and reason != case.closing_reason:
        history_row(case, by, when, *history.closing_reason(case.closing_reason, reason)).save()
        case.closing_reason = reason
    if status == "resolved":
        case.resolved_at = when
    elif status == "closed":
        case.closed_at = when
    elif old in ("resolved", "closed"):
        case.resolved_at = case.closed_at = None
        case.closing_reason = ""
    refresh_sla(case)
    case.save()
    return case


def assign(*, case_no: str, assignee: str | None, by: Actor, at: dt.datetime | None = None) -> Case:
    """Assign the case to a user (None: unassign); the case joins the assignee's team."""
    with transaction.atomic():
        case = locked(case_no, by)
        owner = _user(assignee)
        staff = getattr(owner, "staff", None) if owner else None
        require(policy.can_assign(by, case, assignee_team_id=staff.team_id if staff else None,
                                   assignee_id=owner.pk if owner else None))
        when = check_when(at, not_before=case.opened_at)
        old = case.assignee.get_username() if case.assignee else None
        new = owner.get_username() if owner else None
        if old == new:
            return case
        rows = [history_row(case, by, when, *history.assignee(old, new))]
        case.assignee = owner
        if staff and staff.team_id and staff.team_id != case.team_id:
            rows.append(history_row(case, by, when, *history.team(case.team.slug if case.team else None,
                                                                  staff.team.slug if staff.team else None)))
            case.team_id = staff.team_id
        HistoryEntry.objects.bulk_create(rows)
        case.save()
    return case


UNCHANGED: Any = object()


def update_case(*, case_no: str, by: Actor, status: str | None = None, reason: str | None = None,
                assignee: str | None = UNCHANGED, at: dt.datetime | None = None) -> Case:
    """Change the case's assignee (`assignee`: a username, None unassigns; left out: kept)
    and/or its status (`change_status`), both or neither written, in one transaction."""
    if status is None and assignee is UNCHANGED:
        raise CaseError("請提供狀態 status 或承辦人 assignee")
    if reason and status is None:
        raise CaseError("結案原因 reason 須與狀態 status（resolved 或 closed）一併提供")
    with transaction.atomic():
        case = locked(case_no, by)
        require(policy.can_change(by, case))
        if assignee is not UNCHANGED:
            case = assign(case_no=case_no, assignee=assignee, by=by, at=at)
        if status is not None:
            case = change_status(case_no=case_no, status=status, by=by, at=at, reason=reason)
    return case


def log_activity(*, case_no: str, type: str, by: Actor, data: dict[str, Any] | None = None,
                 at: dt.datetime | None = None) -> Activity:
    """Log an activity on the case, with its history row, in one transaction; the casework
    checks (fudao.cases.casework) refuse bad records and schedule the follow-ups."""
    with transaction.atomic():
        case = locked(case_no, by)
        require(policy.can_change(by, case))
        try:
            fields = parse_activity(type, data)
        except ActivityError as exc:
            raise CaseError(str(exc)) from None
        return write_activity(case=case, type=type, by=by, fields=fields, data=data, at=at)


def check_activity(*, case: Case, type: str, fields: ActivityFields, data: dict[str, Any] | None,
                   at: dt.datetime | None, replacing: Activity | None = None) -> dt.datetime:
    """The instant of an activity about to be written on `case` (its fields parsed by
    `parse_activity`), after the casework checks (fudao.cases.casework.prepare): not in the
    future nor before the case opened, stage order, known measures and targets, the case kind
    of a financial outcome… `fields` are completed in place; `replacing`: the record this one
    rewrites (a re-import), left out of the checks. Writes nothing; CaseError (zh-TW)."""
    when = check_when(at, not_before=case.opened_at, what="活動時間 at")
    try:
        casework.prepare(case=case, type=type, data=dict(data or {}), fields=fields, when=when,
                         replacing=replacing)
    except ActivityError as exc:
        raise CaseError(str(exc)) from None
    return when


def write_activity(*, case: Case, type: str, by: Actor, fields: ActivityFields,
                   data: dict[str, Any] | None, at: dt.datetime | None) -> Activity:
    """Check (`check_activity`) and write one activity on a case the caller has locked and may
    change, inside the caller's transaction: the activity, its history row, its consequences
    (fudao.cases.casework.after_insert: measures, referral status, follow-ups) and the case's
    first response. `log_activity` and `fudao import` both write activities through here; a
    refused record (CaseError) has written nothing."""
    when = check_activity(case=case, type=type, fields=fields, data=data, at=at)
    activity = Activity.objects.create(
        case=case, type=type, at=when, by_id=by.user_id, by_name=by.label, data=fields.data,
        mode=fields.mode, stage=fields.stage, outcome=fields.outcome,
        measure_id=fields.measure_id, amount_twd=fields.amount_twd, due=fields.due,
        done_at=fields.done_at)
    history_row(case, by, when, *history.activity_logged(type, activity.pk)).save()
    casework.after_insert(case=case, activity=activity, by=by)
    note_response(case, type, when)
    return activity


def complete_visit(*, case_no: str, visit_id: int, by: Actor, at: dt.datetime | None = None,
                   experts: list[str] | None = None, text: str | None = None,
                   mode: str | None = None, expert_codes: list[str] | None = None) -> Activity:
    """Mark a planned visit done, in one transaction with its history row: it took place at
    `at` (default now; not in the future, not before the case opened), with these experts,
    mode and notes (those not given are kept from the plan). The visit is then dated when it
    took place and counts in the figures; the plan's day and the time it was recorded stay
    in its data. CaseError (zh-TW) for a visit not on the case or already done."""
    with transaction.atomic():
        case = locked(case_no, by)
        require(policy.can_change(by, case))
        visit = Activity.objects.select_for_update().filter(pk=visit_id, case=case, type="visit").first()
        if visit is None:
            raise CaseError(f"案件「{case_no}」沒有編號 {visit_id} 的訪視")
        if visit.data.get("done") is not False:
            raise CaseError(f"訪視 {visit_id} 已完成，不需再標記")
        names: list[str] = visit.data.get("experts", []) if experts is None else experts
        data: dict[str, Any] = {"mode": visit.mode if mode is None else mode, "experts": names,
                "done": True, "text": visit.data.get("text", "") if text is None else text,
                "expert_codes": visit.data.get("expert_codes", []) if expert_codes is None else expert_codes}
        if expert_codes is not None:
            # Choosing from the pool again replaces the plan's pool names, free-text names kept.
            planned_pool = set(Expert.objects.filter(code__in=visit.data.get("expert_codes", []))
                               .values_list("name", flat=True))
            data["experts"] = [n for n in names if n not in planned_pool]
        try:
            fields = parse_activity("visit", data)
        except ActivityError as exc:
            raise CaseError(str(exc)) from None
        when = check_activity(case=case, type="visit", fields=fields, data=data, at=at, replacing=visit)
        recorded = visit.at
        visit.at, visit.mode = when, fields.mode
        visit.data = {**fields.data, "planned_for": visit.data.get("planned_for"),
                      "planned_at": timezone.localtime(recorded).isoformat(), "done_by": by.label}
        visit.save(update_fields=["at", "mode", "data"])
        link_visit(visit, visit.data.get("expert_codes", []))
        history_row(case, by, when, *history.visit_done(visit.pk)).save()
        note_response(case, "visit", when)
    return visit


def note_response(case: Case, type: str, when: dt.datetime) -> None:
    """Keep the earliest response activity as the case's first response, whatever the order
    the activities are logged in."""
    if type in RESPONSE_ACTIVITIES and (case.first_response_at is None or when < case.first_response_at):
        case.first_response_at = when
        case.save(update_fields=["first_response_at", "updated_at"])


def merge_case(*, case_no: str, into: str, by: Actor, at: dt.datetime | None = None) -> Case:
    """Merge a duplicate case into its original: the duplicate becomes `merged` and names it."""
    if case_no == into:
        raise CaseError("不能將案件併入自己")
    with transaction.atomic():
        case = locked(case_no, by)
        target = locked(into, by)
        require(policy.can_merge(by, case, target))
        if target.status == "merged":
            raise CaseError(f"案件「{into}」本身已併入其他案件")
        when = check_when(at, not_before=case.opened_at)
        HistoryEntry.objects.bulk_create([
            history_row(case, by, when, *history.status(case.status, "merged")),
            history_row(case, by, when, *history.merged_into(target.case_no)),
            history_row(target, by, when, *history.merged_from(case.case_no)),
        ])
        case.status, case.merged_into = "merged", target
        case.save()
    return case


def attach_measure(*, case_no: str, measure_id: str, by: Actor) -> CaseMeasure:
    """Attach a catalogue measure to the case with its status and cap for the enterprise now."""
    from fudao.cases.triage import measure_for_case

    with transaction.atomic():
        case = locked(case_no, by)
        require(policy.can_change(by, case))
        found = measure_for_case(case, measure_id)
        if found is None:
            raise CaseError(f"措施「{measure_id}」不存在")
        when = now()
        row, created = CaseMeasure.objects.get_or_create(
            case=case, measure_id=measure_id,
            defaults={"name": found["name"], "status": found.get("status") or "",
                      "max_amount_twd": found.get("max_amount_twd"), "at": when,
                      "by_name": by.label})
        if created:
            history_row(case, by, when, *history.measure_attached(measure_id)).save()
    return row
