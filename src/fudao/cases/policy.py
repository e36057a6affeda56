"""Who may see and change a case: the one definition that scopes every list, page, API route and
export (DESIGN "Who may do what"). A case the actor may not see is reported as not found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from fudao.accounts.actors import Actor
from fudao.accounts.models import Staff
from fudao.accounts.roles import Role
from fudao.cases.models import Case

DESK_ROLES = frozenset({Role.CONSULTANT, Role.SUPERVISOR, Role.ADMIN})
READ_ALL_ROLES = frozenset({Role.ANALYST, Role.ADMIN})


# The kinds of a refusal, which the errors of fudao.errors follow (cases.ledger.require):
# the actor may not do this (403); the case's state forbids it to anyone (400); the actor may
# not see the case (404, as for one that does not exist).
ROLE = "role"
STATE = "state"
HIDDEN = "hidden"


@dataclass(frozen=True)
class Decision:
    """Whether an action is allowed, and why not (zh-TW), and what kind of refusal it is."""

    allowed: bool
    reason: str = ""
    kind: str = ROLE

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason: str) -> Decision:
    """A refusal to this actor with its reason."""
    return Decision(False, reason, ROLE)


def refuse_state(reason: str) -> Decision:
    """A refusal because of the record's state, whoever asks."""
    return Decision(False, reason, STATE)


def hidden(reason: str) -> Decision:
    """A refusal because the actor may not see the record at all."""
    return Decision(False, reason, HIDDEN)


def _scope(actor: Actor) -> Q | None:
    """The cases an actor may see, as a filter (None: every case; Q(pk__in=[]): none).
    Cases of no team are the shared intake pool of consultants and supervisors."""
    if actor.role in READ_ALL_ROLES:
        return None
    if actor.role == Role.SUPERVISOR:
        return Q(team_id=actor.team_id) | Q(team__isnull=True) if actor.team_id else Q(team__isnull=True)
    if actor.role == Role.CONSULTANT:
        mine = Q(assignee_id=actor.user_id) | Q(team__isnull=True, assignee__isnull=True)
        return mine | Q(team_id=actor.team_id) if actor.team_id else mine
    return Q(pk__in=[])


def visible_cases(actor: Actor, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases `actor` may see."""
    qs = Case.objects.all() if queryset is None else queryset
    scope = _scope(actor)
    return qs if scope is None else qs.filter(scope)


def can_see(actor: Actor, case: Case) -> Decision:
    """Whether the case is visible to the actor (the same definition as `visible_cases`)."""
    if actor.role in READ_ALL_ROLES:
        return ALLOW
    if actor.role == Role.SUPERVISOR:
        ok = case.team_id is None or case.team_id == actor.team_id
    elif actor.role == Role.CONSULTANT:
        ok = (case.assignee_id == actor.user_id
              or (case.team_id is None and case.assignee_id is None)
              or (actor.team_id is not None and case.team_id == actor.team_id))
    else:
        ok = False
    return ALLOW if ok else hidden("找不到此案件")


def works_cases(actor: Actor) -> bool:
    """Whether the actor has any part in casework (an editor keeps the catalogue and has none)."""
    return actor.role in DESK_ROLES or actor.role in READ_ALL_ROLES


def can_open(actor: Actor) -> Decision:
    """Whether the actor may open cases (consultants, supervisors, admins)."""
    return ALLOW if actor.role in DESK_ROLES else deny("您的角色不能受理案件")


def can_change(actor: Actor, case: Case) -> Decision:
    """Whether the actor may change the case and log activities on it."""
    seen = can_see(actor, case)
    if not seen:
        return seen
    if actor.role not in DESK_ROLES:
        return deny("您的角色只能檢視案件，不能修改")
    if case.status == "merged":
        return refuse_state("此案件已併入其他案件，請在原案件上處理")
    return ALLOW


def _assign_rule(actor: Actor, *, assignee_team_id: int | None, assignee_id: int | None) -> Decision:
    """Whom the actor may make a case's assignee: supervisors their team's members (or no
    one), consultants only themselves, admins anyone."""
    if actor.role == Role.ADMIN:
        return ALLOW
    if actor.role == Role.SUPERVISOR:
        if assignee_id is None or assignee_team_id == actor.team_id:
            return ALLOW
        return deny("督導只能指派給自己團隊的成員")
    if assignee_id == actor.user_id:
        return ALLOW
    return deny("顧問只能將案件指派給自己（指派他人請洽督導）")


def can_assign(actor: Actor, case: Case, *, assignee_team_id: int | None,
               assignee_id: int | None) -> Decision:
    """Whether the actor may assign the case to that user: supervisors within their team,
    consultants only to themselves, admins to anyone."""
    changed = can_change(actor, case)
    if not changed:
        return changed
    return _assign_rule(actor, assignee_team_id=assignee_team_id, assignee_id=assignee_id)


def can_open_case(actor: Actor, *, team_id: int | None, assignee_id: int | None,
                  assignee_team_id: int | None) -> Decision:
    """Whether the actor may open a case of that team with that assignee (None: none): they
    may open cases, may assign that user (as `can_assign`), and will see the case opened (a
    consultant does not open a case for another team)."""
    opened = can_open(actor)
    if not opened:
        return opened
    if assignee_id is not None:
        rule = _assign_rule(actor, assignee_team_id=assignee_team_id, assignee_id=assignee_id)
        if not rule:
            return rule
    if not can_see(actor, Case(team_id=team_id, assignee_id=assignee_id, status="new")):
        return deny("您只能受理自己團隊或共用受理區的案件：請改選您的團隊，或請該團隊受理")
    return ALLOW


def can_merge(actor: Actor, case: Case, into: Case) -> Decision:
    """Whether the actor may merge `case` into `into` (supervisors of both, admins)."""
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        return deny("只有督導或系統管理者可以併案")
    for c in (case, into):
        changed = can_change(actor, c)
        if not changed:
            return changed
    return ALLOW


def masks_contacts(actor: Actor) -> bool:
    """Whether contact persons' names, phones and e-mails are masked for this actor."""
    return actor.role not in DESK_ROLES


def can_report(actor: Actor, team_id: int | None = None) -> Decision:
    """Whether the actor may read the reports (of one team, or of all when team_id is None)."""
    if actor.role in READ_ALL_ROLES:
        return ALLOW
    if actor.role == Role.SUPERVISOR and actor.team_id is not None and team_id == actor.team_id:
        return ALLOW
    if actor.role == Role.SUPERVISOR:
        return deny("督導只能查看自己團隊的統計")
    return deny("您的角色不能查看統計報表")


CATALOGUE_EDITORS = frozenset({Role.EDITOR, Role.ADMIN})


def can_see_drafts(actor: Actor, *, admin_site: bool = False) -> bool:
    """Whether the actor may see unpublished measures (drafts, under review): editors, admins
    and any user of the admin site (`admin_site`: Django's is_staff), where they are reviewed."""
    return admin_site or actor.role in CATALOGUE_EDITORS


def assignable_staff(actor: Actor) -> QuerySet[Staff] | None:
    """The active desk staff the actor may assign a case to, as `can_assign` decides it: an
    admin every consultant and supervisor, a supervisor those of their team; None for the
    others, who may assign only themselves."""
    desk = [Role.CONSULTANT, Role.SUPERVISOR]
    if actor.role == Role.ADMIN:
        rows = Staff.objects.filter(role__in=desk)
    elif actor.role == Role.SUPERVISOR and actor.team_id:
        rows = Staff.objects.filter(role__in=desk, team_id=actor.team_id)
    else:
        return None
    return rows.select_related("user", "team").filter(user__is_active=True).order_by("user__username")


def can_see_enterprise(actor: Actor, enterprise: Any) -> Decision:
    """Whether a desk user may act for an enterprise on record: an administrator always; a
    consultant or supervisor when it is in a county their team covers or it has a case they
    may see."""
    from fudao.accounts.models import Team

    if actor.role == Role.ADMIN:
        return ALLOW
    if actor.role not in DESK_ROLES:
        return deny("此角色不經手企業")
    county = getattr(enterprise, "county", None)
    if actor.team_id and county:
        counties = Team.objects.filter(pk=actor.team_id).values_list("counties", flat=True).first() or []
        if county in counties:
            return ALLOW
    if visible_cases(actor, Case.objects.filter(enterprise=enterprise)).exists():
        return ALLOW
    return deny("這家企業不在您的團隊負責縣市，也沒有您可查看的案件")


def enterprise_scope(actor: Actor) -> Q | None:
    """The enterprises a desk user may act for, as `can_see_enterprise` decides it, as a filter
    on enterprises (None: every enterprise; Q(pk__in=[]): none): in a county their team covers,
    or with a case they may see. Analysts read every enterprise (their contacts masked)."""
    from fudao.accounts.models import Team

    if actor.role in READ_ALL_ROLES:
        return None
    if actor.role not in DESK_ROLES:
        return Q(pk__in=[])
    scope = Q(pk__in=visible_cases(actor).values("enterprise_id"))
    if actor.team_id:
        counties = Team.objects.filter(pk=actor.team_id).values_list("counties", flat=True).first() or []
        if counties:
            scope |= Q(county__in=list(counties))
    return scope


def can_create_campaign(actor: Actor) -> Decision:
    """Whether the actor may create an outreach campaign: supervisors and administrators."""
    if actor.role in (Role.SUPERVISOR, Role.ADMIN):
        return ALLOW
    return deny("只有督導或系統管理者可以建立外撥活動")


def can_list_subscriptions(actor: Actor) -> Decision:
    """Whether the actor may read alert subscriptions: administrators and analysts all of them
    (analysts masked), desk staff those of the enterprises they may act for or recorded."""
    if actor.role in READ_ALL_ROLES or actor.role in DESK_ROLES:
        return ALLOW
    return deny("您的角色不能查看新措施通知的訂閱")


def subscription_scope(actor: Actor) -> Q | None:
    """The subscriptions an actor may read, as a filter on subscriptions (None: all)."""
    if actor.role in READ_ALL_ROLES:
        return None
    if actor.role not in DESK_ROLES:
        return Q(pk__in=[])
    enterprises = enterprise_scope(actor)
    mine = Q(consent_by_id=actor.user_id) if actor.user_id else Q(pk__in=[])
    if enterprises is None:
        return Q(enterprise__isnull=False) | mine
    from fudao.enterprises.models import Enterprise

    return Q(enterprise__in=Enterprise.objects.filter(enterprises).values("pk")) | mine
