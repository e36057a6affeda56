"""Follow-ups: the timelines of `cases/data/followups.yaml` (per case kind) scheduled as
`follow_up` activities when their triggering activity is logged, closing one as done or
skipped with a note, the due and overdue lists (scoped by the access policy) and the overdue
flags the worker recomputes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.cases import history, policy
from fudao.cases.applications import window_end
from fudao.cases.ledger import CaseError, check_when, history_row, locked, require
from fudao.cases.models import Activity, Case
from fudao.cases.sla import config
from fudao.cases.vocabulary import KINDS

DATA = Path(__file__).with_name("data") / "followups.yaml"
CLOSE_OUTCOMES = {"done": "已完成", "skipped": "略過"}


@dataclass(frozen=True)
class Step:
    """One step of a timeline: which activity triggers it and when the follow-up is due."""

    after: str
    text: str
    stages: frozenset[str] = frozenset()
    outcomes: frozenset[str] = frozenset()
    days: int | None = None
    before_window_end: int | None = None
    key: str = ""

    def matches(self, activity: Activity) -> bool:
        """Whether the activity triggers this step."""
        if activity.type != self.after:
            return False
        if self.stages and activity.stage not in self.stages:
            return False
        return not (self.outcomes and activity.outcome not in self.outcomes)


def _step(raw: dict[str, Any], key: str) -> Step:
    days, before = raw.get("days"), raw.get("before_window_end")
    if (days is None) == (before is None):
        raise ValueError(f"followups.yaml {key}: give exactly one of days / before_window_end")
    return Step(after=str(raw["after"]), text=str(raw.get("text", "")),
                stages=frozenset(raw.get("stage") or ()), outcomes=frozenset(raw.get("outcome") or ()),
                days=int(days) if days is not None else None,
                before_window_end=int(before) if before is not None else None, key=key)


@lru_cache(maxsize=1)
def timelines() -> dict[str, tuple[Step, ...]]:
    """The steps per case kind: the default steps plus the kind's own ("" is the default)."""
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    default = tuple(_step(s, f"default.{i}") for i, s in enumerate(raw.get("default") or ()))
    out: dict[str, tuple[Step, ...]] = {"": default}
    for kind in KINDS:
        extra = (raw.get("kinds") or {}).get(kind) or ()
        out[kind] = default + tuple(_step(s, f"{kind}.{i}") for i, s in enumerate(extra))
    return out


@lru_cache(maxsize=1)
def stale_after_days() -> int:
    """How many days past due a follow-up may be at scheduling time and still be scheduled."""
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return int(raw.get("stale_after_days", 90))


def _working_day_on_or_after(day: dt.date) -> dt.date:
    calendar = config().calendar
    for _ in range(30):
        if calendar.is_working_day(day):
            return day
        day += dt.timedelta(days=1)
    return day


def due_for(step: Step, activity: Activity) -> dt.date | None:
    """The due day of the step's follow-up for the activity, None when it does not apply
    (a window step for a measure without a window end, or one already closed)."""
    logged_on = timezone.localtime(activity.at).date()
    if step.days is not None:
        return _working_day_on_or_after(logged_on + dt.timedelta(days=step.days))
    end = window_end(activity.measure_id) if activity.measure_id else None
    if end is None or end < logged_on or step.before_window_end is None:
        return None
    return max(logged_on, end - dt.timedelta(days=step.before_window_end))


def schedule_for(activity: Activity, *, by: Actor) -> list[Activity]:
    """Schedule the follow-ups the case kind's timeline attaches to this activity (inside the
    caller's transaction), each with its history row; none twice for the same trigger."""
    case = activity.case
    made: list[Activity] = []
    for step in timelines().get(case.kind, timelines()[""]):
        if not step.matches(activity):
            continue
        due = due_for(step, activity)
        if due is None or (today() - due).days > stale_after_days():
            continue
        exists = Activity.objects.filter(case=case, type="follow_up", data__trigger=activity.pk,
                                         data__step=step.key).exists()
        if exists:
            continue
        text = step.text
        if activity.measure_id:
            text = f"{text}（{activity.data.get('measure_name') or activity.measure_id}）"
        follow_up = Activity.objects.create(
            case=case, type="follow_up", at=activity.at, by_id=by.user_id, by_name=by.label,
            due=due, data={"text": text, "trigger": activity.pk, "trigger_type": activity.type,
                           "step": step.key})
        history_row(case, by, activity.at, *history.activity_logged("follow_up", follow_up.pk)).save()
        made.append(follow_up)
    return made


def close_follow_up(*, case_no: str, follow_up_id: int, outcome: str, by: Actor, note: str = "",
                    at: dt.datetime | None = None) -> Activity:
    """Close an open follow-up as `done` or `skipped` (a skip needs a note): its done time,
    outcome and note are kept and the case's history records it, in one transaction."""
    if outcome not in CLOSE_OUTCOMES:
        raise CaseError(f"欄位「outcome」須為 done（已完成）或 skipped（略過），收到「{outcome[:20]}」")
    note = (note or "").strip()
    if outcome == "skipped" and not note:
        raise CaseError("欄位「note」必填：略過追蹤請說明原因")
    if len(note) > 4000:
        raise CaseError("欄位「note」過長（上限 4000 字）")
    with transaction.atomic():
        case = locked(case_no, by)
        require(policy.can_change(by, case))
        follow_up = Activity.objects.select_for_update().filter(
            pk=follow_up_id, case=case, type="follow_up").first()
        if follow_up is None:
            raise CaseError(f"案件「{case_no}」沒有編號 {follow_up_id} 的追蹤")
        if follow_up.done_at is not None:
            raise CaseError(f"追蹤 {follow_up_id} 已於 {timezone.localtime(follow_up.done_at):%Y-%m-%d} 結束")
        when = check_when(at, not_before=follow_up.at, what="追蹤完成時間 at")
        follow_up.done_at, follow_up.outcome, follow_up.overdue = when, outcome, False
        follow_up.data = {**follow_up.data, "note": note, "closed_by": by.label}
        follow_up.save(update_fields=["done_at", "outcome", "overdue", "data"])
        history_row(case, by, when, *history.follow_up_closed(follow_up.pk, outcome)).save()
    return follow_up


def open_follow_ups(cases: QuerySet[Case] | None = None) -> QuerySet[Activity]:
    """Follow-ups not yet done or skipped, on cases that are not merged."""
    qs = Activity.objects.filter(type="follow_up", done_at__isnull=True).exclude(case__status="merged")
    if cases is not None:
        qs = qs.filter(case__in=cases)
    return qs


def today() -> dt.date:
    """Today in Asia/Taipei."""
    return timezone.localdate()


def follow_up_row(a: Activity, on: dt.date) -> dict[str, Any]:
    """One follow-up as the lists show it."""
    case = a.case
    assert a.due is not None
    return {"id": a.pk, "case_no": case.case_no, "due": a.due.isoformat(),
            "overdue": a.due < on, "days_overdue": max((on - a.due).days, 0),
            "text": a.data.get("text", ""), "trigger": a.data.get("trigger"),
            "trigger_type": a.data.get("trigger_type"), "kind": case.kind,
            "enterprise": case.enterprise_name,
            "assignee": case.assignee.get_username() if case.assignee else None,
            "team": case.team.slug if case.team else None}


def due(actor: Actor, *, on: dt.date | None = None, limit: int = 500) -> dict[str, Any]:
    """`{"on", "follow_ups", "count", "overdue"}`: the open follow-ups of the cases the actor
    may see that are due by `on` (default today), overdue first (the longest overdue first)."""
    day = on or today()
    qs = (open_follow_ups(policy.visible_cases(actor)).filter(due__lte=day)
          .select_related("case", "case__assignee", "case__team").order_by("due", "id"))
    rows = [follow_up_row(a, day) for a in qs[:limit]]
    return {"on": day.isoformat(), "follow_ups": rows, "count": qs.count(),
            "overdue": sum(1 for r in rows if r["overdue"])}


def overdue_counts(actor: Actor, *, on: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """Overdue follow-ups counted per consultant (the case's assignee) and per team, by SQL
    grouping over the cases the actor may see; `None` is no assignee / no team."""
    day = on or today()
    qs = open_follow_ups(policy.visible_cases(actor)).filter(due__lt=day)
    by_consultant = (qs.values("case__assignee__username").annotate(n=Count("id"))
                     .order_by("-n", "case__assignee__username"))
    by_team = (qs.values("case__team__slug", "case__team__name").annotate(n=Count("id"))
               .order_by("-n", "case__team__slug"))
    return {
        "consultants": [{"assignee": r["case__assignee__username"], "overdue": r["n"]} for r in by_consultant],
        "teams": [{"team": r["case__team__slug"], "name": r["case__team__name"], "overdue": r["n"]}
                  for r in by_team],
    }


def overdue_list(actor: Actor, *, on: dt.date | None = None, assignee: str | None = None,
                 team: str | None = None) -> list[dict[str, Any]]:
    """The overdue follow-ups the actor may see, optionally of one consultant or one team."""
    day = on or today()
    qs = open_follow_ups(policy.visible_cases(actor)).filter(due__lt=day)
    if assignee:
        qs = qs.filter(case__assignee__username=assignee)
    if team:
        qs = qs.filter(case__team__slug=team)
    qs = qs.select_related("case", "case__assignee", "case__team").order_by("due", "id")
    return [follow_up_row(a, day) for a in qs[:500]]


def recompute_overdue(*, on: dt.date | None = None) -> int:
    """Set each follow-up's overdue flag from its due day and whether it is still open;
    returns how many flags changed."""
    day = on or today()
    open_qs = Activity.objects.filter(type="follow_up", done_at__isnull=True)
    changed = open_qs.filter(due__lt=day, overdue=False).update(overdue=True)
    changed += open_qs.filter(due__gte=day, overdue=True).update(overdue=False)
    changed += Activity.objects.filter(type="follow_up", done_at__isnull=False, overdue=True).update(overdue=False)
    return changed
