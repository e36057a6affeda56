"""Referrals of a case to a team or an agency: the known targets (the desk's teams and the
service teams and agencies of `cases/data/agencies.yaml`), outcome updates with their history,
and the case's status while a referral is pending (`referred`, back to `in_progress` after)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.accounts.models import Team
from fudao.cases import history, policy
from fudao.cases.activities import REFERRAL_OUTCOMES
from fudao.cases.ledger import CaseError, check_when, history_row, locked, refresh_sla, require
from fudao.cases.models import Activity, Case
from fudao.cases.targets import Target, aliases, known_targets
from fudao.errors import Denied, Invalid, NotFound
from fudao.rules.profile import FACTS

__all__ = ["Target", "aliases", "known_targets", "referral_letter", "resolve_target", "sync_status",
           "update_referral"]

OPEN_OUTCOMES = frozenset({"pending", "accepted"})
# The outcomes a referral may move to from each outcome.
NEXT_OUTCOMES: dict[str, frozenset[str]] = {
    "pending": frozenset({"accepted", "declined", "done"}),
    "accepted": frozenset({"declined", "done"}),
    "declined": frozenset(),
    "done": frozenset(),
}
# Statuses a referral pending moves the case out of (to `referred`).
REFERABLE = frozenset({"new", "triaged", "in_progress", "waiting_enterprise"})


def resolve_target(to: str) -> Target:
    """The target named by `to` (a team slug, a known key or name), or ValueError (zh-TW)
    listing what is known."""
    text = (to or "").strip()
    team = Team.objects.filter(slug=text).first() or Team.objects.filter(name=text).first()
    if team is not None:
        return Target("team", team.slug, team.name)
    targets = known_targets()
    if text in targets:
        return targets[text]
    for target in targets.values():
        if target.name == text:
            return target
    if aliases().get(text) in targets:
        return targets[aliases()[text]]
    teams = "、".join(Team.objects.order_by("slug").values_list("slug", flat=True)) or "無"
    known = "、".join(f"{t.key}（{t.name}）" for t in targets.values())
    raise Invalid(f"欄位「to」的轉介對象「{text[:50]}」不存在：請填團隊代碼（{teams}）"
                     f"或已知的服務團隊與機關：{known}")


def move_to_team(case: Case, *, team_slug: str, by: Actor, at: dt.datetime) -> None:
    """A referral to a desk team: the case joins that team's pool (team set, assignee
    cleared), each change on the history, in the caller's transaction."""
    team = Team.objects.filter(slug=team_slug).first()
    if team is None or (case.team_id == team.pk and case.assignee_id is None):
        return
    if case.team_id != team.pk:
        history_row(case, by, at, *history.team(case.team.slug if case.team else None, team.slug)).save()
        case.team = team
    if case.assignee_id is not None:
        history_row(case, by, at, *history.assignee(case.assignee.get_username() if case.assignee else None,
                                                 None)).save()
        case.assignee = None
    case.save(update_fields=["team", "assignee", "updated_at"])


def sync_status(case: Case, *, by: Actor, at: dt.datetime) -> None:
    """Set the case `referred` while one of its referrals is pending or accepted, and back to
    `in_progress` (its consultant keeps it) once none is; the change goes to the history."""
    open_referral = Activity.objects.filter(case=case, type="referral",
                                            outcome__in=OPEN_OUTCOMES).exists()
    new = None
    if open_referral and case.status in REFERABLE:
        new = "referred"
    elif not open_referral and case.status == "referred":
        new = "in_progress"
    if new is None:
        return
    history_row(case, by, at, *history.status(case.status, new)).save()
    case.status = new
    refresh_sla(case)
    case.save()


def update_referral(*, case_no: str, referral_id: int, outcome: str, by: Actor, note: str = "",
                    at: dt.datetime | None = None) -> Activity:
    """Record a referral's acceptance or end (`accepted`, `declined`, `done`) with a note:
    the activity's outcome changes, its `updates` and the case's history record it, and the
    case's status follows (see `sync_status`), in one transaction."""
    if outcome not in REFERRAL_OUTCOMES:
        raise CaseError(f"欄位「outcome」的值「{outcome}」不存在，可用：{'、'.join(REFERRAL_OUTCOMES)}")
    if len(note) > 4000:
        raise CaseError("欄位「note」過長（上限 4000 字）")
    with transaction.atomic():
        case = locked(case_no, by)
        require(policy.can_change(by, case))
        referral = Activity.objects.select_for_update().filter(
            pk=referral_id, case=case, type="referral").first()
        if referral is None:
            raise CaseError(f"案件「{case_no}」沒有編號 {referral_id} 的轉介")
        when = check_when(at, not_before=referral.at, what="轉介結果時間 at")
        if outcome not in NEXT_OUTCOMES[referral.outcome]:
            raise CaseError(f"轉介結果不能由「{REFERRAL_OUTCOMES[referral.outcome]}」改為"
                            f"「{REFERRAL_OUTCOMES[outcome]}」")
        old = referral.outcome
        data = dict(referral.data)
        data["updates"] = [*data.get("updates", []), {"at": when.isoformat(), "by": by.label,
                                                      "outcome": outcome, "note": note}]
        referral.outcome, referral.data = outcome, data
        referral.save(update_fields=["outcome", "data"])
        history_row(case, by, when, *history.referral_outcome(referral.pk, old, outcome)).save()
        sync_status(case, by=by, at=when)
    return referral


def referral_letter(actor: Actor, case: Case, referral_id: int) -> dict[str, Any]:
    """What a referral letter to an agency or service team states: the case, the enterprise,
    what it needs, the referral's note and whether the enterprise consented to its data going
    to the agency (its contact is printed only then). NotFound for a referral the case does not
    hold or one to a desk team (that moves the case instead); Denied for who may not act on it."""
    decided = policy.can_change(actor, case)
    if not decided:
        raise Denied(decided.reason)
    referral = Activity.objects.filter(pk=referral_id, case=case, type="referral").first()
    if referral is None or referral.data.get("to_kind") == "team":
        raise NotFound(f"案件「{case.case_no}」沒有編號 {referral_id} 的機關轉介")
    needs = dict(FACTS["needs"].choices)
    consent = bool(referral.data.get("consent"))
    firm = case.enterprise
    return {
        "case_no": case.case_no, "on": timezone.localtime(referral.at).date(), "to": referral.data.get("to_name") or referral.data.get("to"),
        "enterprise": (firm.name if firm and firm.name else case.enterprise_name) or "（未填）",
        "ubn": firm.ubn if firm else "", "needs": [needs.get(n, n) for n in case.needs or []],
        "summary": case.summary, "note": referral.data.get("text", ""), "consent": consent,
        "contact": ({"name": case.contact_name, "phone": case.contact_phone, "email": case.contact_email}
                    if consent else None),
        "by": referral.by_name or (referral.by.get_username() if referral.by else ""),
    }
