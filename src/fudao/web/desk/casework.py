"""What the case page's casework section shows: the case's activities, the measures `match`
finds for its enterprise, the referral targets and the choices of each form (the forms are
posted to `fudao.web.casework`)."""

from __future__ import annotations

from typing import Any

from fudao.accounts.models import Team
from fudao.cases import followups
from fudao.cases.activities import (
    APPLICATION_STAGES,
    DEBT_TERMS,
    DIAGNOSIS_AREAS,
    FINANCING_RESULTS,
    REFERRAL_OUTCOMES,
    VISIT_MODES,
)
from fudao.cases.experts import list_experts
from fudao.cases.targets import known_targets
from fudao.cases.triage import matched_measures
from fudao.cases.vocabulary import ACTIVITY_TYPES, KINDS, STATUSES
from fudao.matching.vocabulary import MATCH_STATUSES


def casework_context(case: Any) -> dict[str, Any]:
    """What the casework page shows: the case's activities newest first, the measures `match`
    finds for its enterprise, the referral targets and the vocabularies."""
    activities = list(case.activities.order_by("-at", "-id"))
    return {
        "case": case, "activities": activities, "kinds": KINDS, "statuses": STATUSES, "types": ACTIVITY_TYPES,
        "measures": matched_measures(case), "modes": VISIT_MODES, "areas": DIAGNOSIS_AREAS,
        "stages": APPLICATION_STAGES, "outcomes": REFERRAL_OUTCOMES, "match_statuses": MATCH_STATUSES,
        "targets": [*((t.slug, t.name) for t in Team.objects.order_by("slug")),
                    *((t.key, t.name) for t in known_targets().values())],
        "open_referrals": [a for a in activities if a.type == "referral" and a.outcome in ("pending", "accepted")],
        "agency_referrals": [a for a in activities if a.type == "referral" and a.data.get("to_kind") != "team"],
        "open_follow_ups": [a for a in activities if a.type == "follow_up" and a.done_at is None],
        "planned_visits": [a for a in activities if a.type == "visit" and a.data.get("done") is False],
        "today": followups.today(),
        "pool": [(e.code, e.name, "、".join(DIAGNOSIS_AREAS.get(d, d) for d in e.domains or []))
                 for e in list_experts()],
        **_options(case, activities),
    }


def _options(case: Any, activities: list[Any]) -> dict[str, Any]:
    """The choices of the case page's casework forms, as (value, label) pairs."""
    attached = [(m.measure_id, m.name) for m in case.measures.order_by("at")]
    seen = {k for k, _ in attached}
    rest = [(m["measure_id"], m.get("name") or "") for m in matched_measures(case)
            if m["measure_id"] not in seen and m.get("status") != "ineligible"]
    return {
        "mode_options": list(VISIT_MODES.items()), "stage_options": list(APPLICATION_STAGES.items()),
        "application_options": [*attached, *rest],
        "referral_next": [("accepted", "已受理"), ("done", "已完成"), ("declined", "未受理")],
        "close_options": [("done", "已完成"), ("skipped", "略過")],
        "financial_form": "financing_outcome" if case.kind == "financing" else "debt_outcome",
        "financing_results": list(FINANCING_RESULTS.items()), "debt_terms": list(DEBT_TERMS.items()),
    }
