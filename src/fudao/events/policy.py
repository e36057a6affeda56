"""Who may manage events: consultants, supervisors and administrators (the desk roles)."""

from __future__ import annotations

from fudao.accounts.actors import Actor
from fudao.cases.policy import DESK_ROLES, Decision, deny

ALLOW = Decision(True)


def can_manage(actor: Actor) -> Decision:
    """Whether the actor may add events, see registrations, mark attendance and book slots."""
    if actor.role in DESK_ROLES:
        return ALLOW
    if actor.anonymous:
        return deny("請先登入")
    return deny("只有顧問、督導或系統管理者可以管理活動與報名")
