"""The people and teams the desk's forms offer (reads only)."""

from __future__ import annotations

from fudao.accounts.actors import Actor
from fudao.accounts.models import Team
from fudao.accounts.roles import ROLE_LABELS
from fudao.cases import policy


def teams() -> list[tuple[str, str]]:
    """Every team as (slug, name)."""
    return [(t.slug, t.name) for t in Team.objects.order_by("slug")]


def assignable(actor: Actor) -> list[tuple[str, str]]:
    """Whom the actor may assign a case to, as (username, label): a supervisor their team's
    consultants and supervisors, an admin every consultant and supervisor; others only themselves."""
    rows = policy.assignable_staff(actor)
    if rows is None:
        return [(actor.username, f"{actor.username}（我）")] if actor.user_id else []
    return [(s.user.username, f"{s.user.username}（{ROLE_LABELS[s.role]}"
             f"{'・' + s.team.name if s.team else ''}）") for s in rows]
