"""The people and teams the desk's forms offer (reads only)."""

from __future__ import annotations

from fudao.accounts.actors import Actor
from fudao.accounts.models import Staff, Team
from fudao.accounts.roles import ROLE_LABELS, Role


def teams() -> list[tuple[str, str]]:
    """Every team as (slug, name)."""
    return [(t.slug, t.name) for t in Team.objects.order_by("slug")]


def assignable(actor: Actor) -> list[tuple[str, str]]:
    """Whom the actor may assign a case to, as (username, label): a supervisor their team's
    consultants and supervisors, an admin every consultant and supervisor; others only themselves."""
    desk = [Role.CONSULTANT, Role.SUPERVISOR]
    if actor.role == Role.ADMIN:
        rows = Staff.objects.filter(role__in=desk)
    elif actor.role == Role.SUPERVISOR and actor.team_id:
        rows = Staff.objects.filter(role__in=desk, team_id=actor.team_id)
    else:
        return [(actor.username, f"{actor.username}（我）")] if actor.user_id else []
    rows = rows.select_related("user", "team").filter(user__is_active=True).order_by("user__username")
    return [(s.user.username, f"{s.user.username}（{ROLE_LABELS[s.role]}"
             f"{'・' + s.team.name if s.team else ''}）") for s in rows]
