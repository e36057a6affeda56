"""Reads of cases, always scoped by the policy: one case, filtered lists, a consultant's queue,
the intake's duplicate check, and the case JSON of DESIGN."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case as DjangoCase
from django.db.models import Count, DateTimeField, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.cases import policy, sla
from fudao.cases.models import Case
from fudao.cases.services import CaseError, CaseNotFound
from fudao.cases.vocabulary import CHANNELS, KINDS, OPEN_STATUSES, STATUSES, check

LIST_LIMIT = 200


def get_case(actor: Actor, case_no: str) -> Case:
    """The case if the actor may see it; CaseNotFound otherwise (exactly as for no case)."""
    case = (Case.objects.select_related("enterprise", "team", "assignee", "merged_into")
            .filter(case_no=(case_no or "").strip()).first())
    if case is None or not policy.can_see(actor, case):
        raise CaseNotFound(case_no)
    return case


@dataclass
class CaseFilters:
    """The filters of `fudao cases list` and `GET /api/cases`."""

    status: str | None = None
    kind: str | None = None
    channel: str | None = None
    team: str | None = None
    assignee: str | None = None
    overdue: bool = False
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None
    text: str | None = None
    limit: int = LIST_LIMIT
    offset: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def overdue_q(now: dt.datetime) -> Q:
    """Open cases whose first response or resolution is past due."""
    late_response = Q(first_response_at__isnull=True, first_response_due__lt=now)
    return Q(status__in=OPEN_STATUSES) & (late_response | Q(resolution_due__lt=now))


def filtered(actor: Actor, f: CaseFilters) -> QuerySet[Case]:
    """The visible cases matching the filters, newest first (ValueError for a bad filter)."""
    qs = policy.visible_cases(actor, Case.objects.select_related("team", "assignee", "enterprise"))
    if f.status:
        qs = qs.filter(status=check(f.status, STATUSES, "狀態 status"))
    if f.kind:
        qs = qs.filter(kind=check(f.kind, KINDS, "類別 kind"))
    if f.channel:
        qs = qs.filter(channel=check(f.channel, CHANNELS, "來源 channel"))
    if f.team:
        qs = qs.filter(team__slug=f.team)
    if f.assignee:
        qs = qs.filter(assignee__isnull=True) if f.assignee == "-" else qs.filter(assignee__username=f.assignee)
    if f.overdue:
        qs = qs.filter(overdue_q(timezone.now()))
    if f.opened_from and f.opened_to and f.opened_to < f.opened_from:
        raise CaseError("結束日期不可早於開始日期")
    if f.opened_from:
        qs = qs.filter(opened_at__gte=_day_start(f.opened_from))
    if f.opened_to:
        qs = qs.filter(opened_at__lt=_day_start(f.opened_to + dt.timedelta(days=1)))
    if f.text:
        term = f.text.strip()[:100]
        qs = qs.filter(Q(case_no__startswith=term) | Q(enterprise__ubn=term) | Q(enterprise_name__icontains=term)
                       | Q(summary__icontains=term))
    return qs.order_by("-opened_at", "-id")


def list_cases(actor: Actor, f: CaseFilters) -> dict[str, Any]:
    """`{"cases": [case summaries], "count"}` for the filters."""
    qs = filtered(actor, f)
    count = qs.count()
    rows = list(qs[f.offset:f.offset + min(max(f.limit, 1), 1000)])
    masked = policy.masks_contacts(actor)
    return {"cases": [case_summary(c, masked=masked) for c in rows], "count": count}


FIRST_RESPONSE_RUNNING = Q(first_response_due__isnull=False, first_response_at__isnull=True)
RESOLUTION_RUNNING = Q(resolution_due__isnull=False, resolved_at__isnull=True)


def next_due() -> DjangoCase:
    """The nearest due instant of a case's running clocks, as SQL (NULL when neither runs:
    both done, or the resolution paused while waiting on the enterprise and the first
    response given)."""
    earlier_response = FIRST_RESPONSE_RUNNING & RESOLUTION_RUNNING & Q(
        first_response_due__lte=F("resolution_due"))
    return DjangoCase(
        When(earlier_response, then=F("first_response_due")),
        When(RESOLUTION_RUNNING, then=F("resolution_due")),
        When(FIRST_RESPONSE_RUNNING, then=F("first_response_due")),
        default=Value(None), output_field=DateTimeField())


def due_soon_q(now: dt.datetime) -> Q:
    """Cases with a running clock not yet due but due within the configured working minutes
    (the desk's "due soon" mark)."""
    cfg = sla.config()

    def within(calendar: Any) -> Q:
        # the last instant at most `due_soon_minutes` working minutes ahead (up to the next
        # working minute when that many minutes end a working day)
        until = calendar.add(now, cfg.due_soon_minutes + 1) - dt.timedelta(minutes=1)
        return ((FIRST_RESPONSE_RUNNING & Q(first_response_due__gt=now, first_response_due__lte=until))
                | (RESOLUTION_RUNNING & Q(resolution_due__gt=now, resolution_due__lte=until)))

    # a channel with hours of its own counts its working minutes in them
    own = cfg.channel_calendars
    out = ~Q(channel__in=list(own)) & within(cfg.calendar)
    for channel, calendar in own.items():
        out |= Q(channel=channel) & within(calendar)
    return out


def _queue_scope(actor: Actor, scope: str) -> QuerySet[Case]:
    qs = policy.visible_cases(actor, Case.objects.select_related("team", "assignee", "enterprise"))
    qs = qs.filter(status__in=OPEN_STATUSES)
    if scope == "mine":
        return qs.filter(assignee_id=actor.user_id)
    if scope == "team":
        return qs.filter(team_id=actor.team_id) if actor.team_id else qs.none()
    if scope == "unassigned":
        return qs.filter(assignee__isnull=True)
    raise CaseError(f"佇列「{scope}」不存在（mine、team、unassigned）")


def queue(actor: Actor, *, scope: str = "mine", limit: int = 100,
          now: dt.datetime | None = None) -> list[Case]:
    """A consultant's queue: open cases assigned to them (`mine`), of their team (`team`) or
    not yet assigned (`unassigned`), ordered in SQL: overdue first (a first response or a
    resolution past due, a paused clock never), then by the nearest due instant, cases with
    no running clock last (on SQLite and PostgreSQL alike)."""
    at = now or timezone.now()
    qs = _queue_scope(actor, scope).annotate(
        late=DjangoCase(When(overdue_q(at), then=Value(0)), default=Value(1),
                        output_field=IntegerField()),
        next_due=next_due())
    return list(qs.order_by("late", F("next_due").asc(nulls_last=True), "opened_at", "id")[:limit])


def queue_counts(actor: Actor, *, scope: str = "mine", now: dt.datetime | None = None) -> dict[str, int]:
    """`{"total", "overdue", "due_soon"}` over the whole scoped queue (one SQL count), not
    only the rows shown."""
    at = now or timezone.now()
    counts: dict[str, int] = _queue_scope(actor, scope).aggregate(
        total=Count("id"), overdue=Count("id", filter=overdue_q(at)),
        due_soon=Count("id", filter=due_soon_q(at)))
    return counts


def intake_matches(actor: Actor, *, ubn: str = "", phone: str = "") -> dict[str, Any]:
    """Enterprises already on record with this 統一編號 or phone, with their open cases the actor
    may see (the intake proposes them instead of a duplicate)."""
    from fudao.enterprises import selectors as ent

    found = []
    if ubn:
        hit = ent.by_ubn(ubn)
        if hit:
            found.append(hit)
    if phone:
        found += [e for e in ent.by_phone(phone) if e not in found]
    visible = policy.visible_cases(actor)
    out = []
    for e in found:
        open_cases = visible.filter(enterprise=e, status__in=OPEN_STATUSES).order_by("-opened_at")[:5]
        out.append({"ubn": e.ubn, "name": e.name, "county": e.county,
                    "open_cases": [c.case_no for c in open_cases]})
    if phone and not found:
        from fudao.enterprises.services import phone_digits

        digits = phone_digits(phone)
        if len(digits) >= 8:
            cases = visible.filter(contact_phone_digits=digits, status__in=OPEN_STATUSES)[:5]
            if cases:
                out.append({"ubn": None, "name": None, "county": None,
                            "open_cases": [c.case_no for c in cases]})
    return {"matches": out}


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def mask(text: str, keep: int = 0) -> str:
    """`text` with all but its last `keep` characters replaced by ＊."""
    if not text:
        return text
    return "＊" * max(len(text) - keep, 1) + (text[-keep:] if keep else "")


def mask_name(name: str) -> str:
    """`王小明` → `王○○`."""
    return name[:1] + "○" * (len(name) - 1) if name else name


def mask_email(email: str) -> str:
    """`lin@example.com` → `l＊＊＊@example.com`."""
    if not email or "@" not in email:
        return mask(email)
    local, domain = email.split("@", 1)
    return f"{local[:1]}＊＊＊@{domain}"


def _contact(case: Case, masked: bool) -> dict[str, str] | None:
    if not (case.contact_name or case.contact_phone or case.contact_email):
        return None
    if masked:
        return {"name": mask_name(case.contact_name), "phone": mask(case.contact_phone, 2),
                "email": mask_email(case.contact_email)}
    return {"name": case.contact_name, "phone": case.contact_phone, "email": case.contact_email}


def sla_states(case: Case, now: dt.datetime | None = None) -> dict[str, str]:
    """The state of both clocks."""
    now = now or timezone.now()
    return {"first_response": sla.state(case.first_response_due, case.first_response_at, now),
            "resolution": sla.state(case.resolution_due, case.resolved_at, now)}


def case_summary(case: Case, *, masked: bool) -> dict[str, Any]:
    """The case's fields without activities and history (lists)."""
    return {
        "case_no": case.case_no, "channel": case.channel, "kind": case.kind, "status": case.status,
        "opened_at": _iso(case.opened_at),
        "enterprise": ({"ubn": case.enterprise.ubn, "name": case.enterprise.name or case.enterprise_name or None}
                       if case.enterprise else None),
        "enterprise_name": case.enterprise_name or None,
        "contact": _contact(case, masked), "needs": list(case.needs or []), "summary": case.summary,
        "facts": dict(case.facts or {}),
        "team": case.team.slug if case.team else None,
        "assignee": case.assignee.get_username() if case.assignee else None,
        "first_response_due": _iso(case.first_response_due),
        "first_response_at": _iso(case.first_response_at),
        "resolution_due": _iso(case.resolution_due), "resolved_at": _iso(case.resolved_at),
        "closed_at": _iso(case.closed_at), "closing_reason": case.closing_reason or None,
        "sla": sla_states(case),
        "merged_into": case.merged_into.case_no if case.merged_into else None,
    }


def activity_json(a: Any) -> dict[str, Any]:
    """One activity as DESIGN's `{"type", "at", "by", …its fields}`."""
    out: dict[str, Any] = {"id": a.pk, "type": a.type, "at": _iso(a.at), "by": a.by_name or None}
    for key in ("mode", "stage", "outcome", "measure_id"):
        if getattr(a, key):
            out[key] = getattr(a, key)
    if a.amount_twd is not None:
        out["amount_twd"] = a.amount_twd
    if a.due:
        out["due"] = a.due.isoformat()
    if a.type == "follow_up":
        out["done_at"] = _iso(a.done_at)
    out.update({k: v for k, v in (a.data or {}).items() if k not in out})
    return out


def case_json(actor: Actor, case: Case) -> dict[str, Any]:
    """The case JSON of DESIGN, with contacts masked for roles that may not see them."""
    from fudao.cases.attachments import attachment_json

    out = case_summary(case, masked=policy.masks_contacts(actor))
    files = [attachment_json(f) for f in case.attachments.order_by("at", "id")]
    out["activities"] = [activity_json(a) for a in case.activities.order_by("at", "id")]
    by_activity: dict[int, list[dict[str, Any]]] = {}
    for f in files:
        if f["activity"] is not None:
            by_activity.setdefault(f["activity"], []).append(f)
    for a in out["activities"]:
        if a["id"] in by_activity:
            a["attachments"] = by_activity[a["id"]]
    out["attachments"] = files
    out["history"] = [{"at": _iso(h.at), "by": h.by_name or None, "field": h.field, "old": h.old,
                       "new": h.new} for h in case.history.order_by("at", "id")]
    out["measures"] = [{"measure_id": m.measure_id, "name": m.name, "status": m.status,
                        "max_amount_twd": m.max_amount_twd} for m in case.measures.order_by("at")]
    return out


def get_attachment(actor: Actor, case_no: str, attachment_id: int) -> Any:
    """A file of a case the actor may see (CaseNotFound otherwise, and for a file not on it)."""
    from fudao.cases.models import Attachment

    case = get_case(actor, case_no)
    found = Attachment.objects.filter(pk=attachment_id, case=case).first()
    if found is None:
        raise CaseNotFound(case_no)
    return found


def public_status(case_no: str, phone_last4: str) -> dict[str, Any] | None:
    """The public status of a case for whoever knows its number and the last 4 digits of the
    phone given (None for any mismatch, exactly as for a case that does not exist)."""
    digits = "".join(ch for ch in (phone_last4 or "") if ch.isdigit())
    if len(digits) != 4:
        return None
    case = Case.objects.filter(case_no=(case_no or "").strip()).first()
    if case is None or not case.contact_phone_digits.endswith(digits):
        return None
    shown = case.merged_into if case.status == "merged" and case.merged_into else case
    return {"case_no": case.case_no, "status": shown.status, "status_label": STATUSES[shown.status],
            "opened_at": _iso(case.opened_at), "kind_label": KINDS[case.kind],
            "updated_at": _iso(shown.updated_at)}
