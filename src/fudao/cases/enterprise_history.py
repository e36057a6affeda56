"""The enterprise page's reads: every case of one enterprise the actor may see, with its
visits, diagnoses, referrals, applications and financial outcomes over the years, newest
first, and the totals summed by SQL from those records."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from fudao.accounts.actors import Actor
from fudao.cases import policy
from fudao.cases.applications import funds
from fudao.cases.models import Activity, Case
from fudao.enterprises.models import Enterprise
from fudao.errors import NotFound

CASEWORK_TYPES = ("visit", "diagnosis", "referral", "application", "financing_outcome",
                  "debt_outcome", "follow_up")


# A visit that took place: the reports' 家次 (fudao.reports.figures) count the same, a planned
# visit (`done: false`) only once it is marked done.
DONE_VISIT = Q(type="visit") & ~Q(data__done=False)


class EnterpriseNotFound(NotFound):
    """No such enterprise, or none of its cases is visible to the actor (the same answer)."""

    def __init__(self, ubn: str) -> None:
        super().__init__(f"找不到統一編號「{ubn}」的企業")


def enterprise_record(actor: Actor, ubn: str) -> dict[str, Any]:
    """`{"enterprise", "cases", "activities", "totals", "counts"}` for the enterprise with this
    統一編號, limited to the cases the actor may see; EnterpriseNotFound when it has none (an
    analyst or admin sees an enterprise without cases too). `counts["visits"]` are the visits
    that took place, as the reports count them; planned ones are `counts["planned_visits"]`."""
    enterprise = Enterprise.objects.filter(ubn=(ubn or "").strip()).first()
    if enterprise is None:
        raise EnterpriseNotFound(ubn)
    cases = policy.visible_cases(actor, Case.objects.filter(enterprise=enterprise))
    case_rows = list(cases.select_related("team", "assignee").order_by("-opened_at", "-id"))
    if not case_rows and actor.role not in policy.READ_ALL_ROLES:
        raise EnterpriseNotFound(ubn)
    records = Activity.objects.filter(case__in=cases).exclude(case__status="merged")
    activities = list(records.filter(type__in=CASEWORK_TYPES).select_related("case")
                      .order_by("-at", "-id")[:1000])
    counts = records.aggregate(
        visits=Count("id", filter=DONE_VISIT),
        planned_visits=Count("id", filter=Q(type="visit", data__done=False)),
        diagnoses=Count("id", filter=Q(type="diagnosis")),
        applications=Count("measure_id", filter=Q(type="application"), distinct=True),
        referrals=Count("id", filter=Q(type="referral")))
    return {"enterprise": enterprise, "cases": case_rows, "activities": activities,
            "totals": funds(records), "counts": counts}
