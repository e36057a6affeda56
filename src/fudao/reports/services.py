"""The one entry point of reports for the page, the API and the CLI: access, period, figures."""

from __future__ import annotations

from typing import Any

from fudao.accounts.actors import Actor
from fudao.accounts.roles import Role
from fudao.cases import policy
from fudao.errors import Denied
from fudao.reports.figures import kpi
from fudao.reports.periods import Period, ReportError


class ReportDenied(Denied):
    """The actor may not read this report (the message says why, zh-TW)."""


def report_for(actor: Actor, period: Period, *, by: str | None = None,
               team: str | None = None) -> dict[str, Any]:
    """The KPI report the actor may read: supervisors get their own team's, analysts and admins
    every team's (or one team's when `team` is given)."""
    from fudao.accounts.models import Team

    team_id = None
    if team:
        row = Team.objects.filter(slug=team).first()
        if row is None:
            raise ReportError(f"團隊「{team}」不存在")
        team_id = row.pk
    elif actor.role == Role.SUPERVISOR:
        team_id = actor.team_id
    decision = policy.can_report(actor, team_id)
    if not decision:
        raise ReportDenied(decision.reason)
    report = kpi(period, by=by, team_id=team_id)
    report["team"] = team or (None if team_id is None else _slug(team_id))
    return report


def _slug(team_id: int) -> str | None:
    from fudao.accounts.models import Team

    row = Team.objects.filter(pk=team_id).first()
    return row.slug if row else None
