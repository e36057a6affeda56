"""Triage of a case from what fudao already knows: `match` on the enterprise's known facts and
the case's needs, and `ask` on the case's summary."""

from __future__ import annotations

from typing import Any

from fudao.cases.models import Case

TRIAGE_MEASURES = 8


def case_profile(case: Case) -> dict[str, Any]:
    """The profile to match: the enterprise's known facts plus the case's needs."""
    from fudao.enterprises.selectors import profile_of

    profile = profile_of(case.enterprise) if case.enterprise else {}
    if case.needs:
        profile["needs"] = list(case.needs)
    return profile


def matched_measures(case: Case) -> list[dict[str, Any]]:
    """Every measure with the enterprise's eligibility (status, reasons, missing facts, cap, sources)."""
    from fudao.matching.services import match

    return list(match(case_profile(case))["results"])


def measure_for_case(case: Case, measure_id: str) -> dict[str, Any] | None:
    """One measure's match result for the case's enterprise, or None when it does not exist."""
    for result in matched_measures(case):
        if result["measure_id"] == measure_id:
            return result
    return None


def triage(case: Case) -> dict[str, Any]:
    """The triage panel: the measures that fit best (eligible and unknown first) and a cited
    answer to the summary (None when the summary is empty)."""
    results = [r for r in matched_measures(case) if r["status"] != "ineligible"][:TRIAGE_MEASURES]
    answer = None
    if case.summary.strip():
        from fudao.search.services import QueryError, ask

        try:
            answer = ask(case.summary[:500]).to_dict()
        except QueryError:
            answer = None
    return {"measures": results, "answer": answer}
