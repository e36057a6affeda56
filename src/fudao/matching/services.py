"""Match an enterprise profile against every published measure: status, reasons, amount, sources."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from fudao.matching.needs import needs_score
from fudao.rules.decide import decide
from fudao.rules.model import Rule
from fudao.rules.profile import FACTS, INPUT_FACTS, Profile, parse_profile
from fudao.rules.selectors import published_rules

NO_RULE_REASON = "文件未列明確資格條件，請洽承辦單位"
# eligible first, then unknown with a rule, unknown without one, and ineligible last.
# open and not_stated accept applications as far as the documents say; then unconfirmed; closed last.
AVAILABILITY_TIER = {"open": 0, "not_stated": 0, "unconfirmed": 1, "closed": 2}
# An informational measure (no conditions to meet) comes after the decided and open ones.
_RANK = {("eligible", True): 0, ("unknown", True): 1, ("informational", True): 2,
         ("unknown", False): 3, ("ineligible", True): 4}


def published_measures() -> list[dict[str, Any]] | None:
    """Published catalogue measures, or None when the catalogue is absent, unreachable or empty."""
    try:
        from fudao.catalogue import services

        rows = services.published_measures()
    except Exception:  # the catalogue is optional here: no app, no table, no database access
        return None
    return rows or None


def _sources(rule: Rule, deciding: list[Any], measure: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The rule's sources, then those of its deciding conditions, without repeats."""
    out: list[dict[str, Any]] = []
    found = [s.to_dict() for s in rule.sources]
    found += [c.source.to_dict() for c in deciding if c.source]
    for src in found:
        if src.get("doc") and src not in out:
            out.append(src)
    return out


def rule_result(rule: Rule, profile: Profile, measure: dict[str, Any] | None, *,
                explain: bool, on: dt.date) -> dict[str, Any]:
    """One result for a measure that has a rule."""
    d = decide(rule, profile, on=on, explain=explain)
    conditions = {c.id: c for c in rule.condition.children if c.id}
    deciding_nodes = [conditions[i] for i in d.deciding if i in conditions]
    result: dict[str, Any] = {
        "measure_id": rule.measure_id,
        "name": (measure or {}).get("name") or rule.name,
        "status": d.status,
        "reasons": d.reasons,
        "missing_facts": d.missing_facts,
        "max_amount_twd": d.max_amount_twd,
        "sources": _sources(rule, deciding_nodes, measure),
        "hint": d.hint,
        "deciding": d.deciding,
        "has_rule": True,
        "informational": rule.informational,
        "benefit_terms": d.benefit_terms,
        "_needs": needs_score(profile.needs, rule.needs, measure),
        **_freshness(measure, closed_by_rule=bool(rule.valid_to and on > rule.valid_to)),
    }
    if explain:
        result["trace"] = d.trace
    return result


def no_rule_result(measure: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """A published measure whose documents state no eligibility conditions: unknown, ranked low."""
    sources: list[dict[str, Any]] = []
    for src in (measure.get("sources") or {}).values():
        if isinstance(src, dict) and src.get("doc") and src not in sources:
            sources.append({k: src.get(k) for k in ("doc", "line_start", "line_end")})
    return {
        "measure_id": measure["id"], "name": measure.get("name"), "status": "unknown",
        "reasons": [NO_RULE_REASON], "missing_facts": [], "max_amount_twd": None,
        "sources": sources, "hint": None, "deciding": [], "has_rule": False, "informational": False, "benefit_terms": [],
        "_needs": needs_score(profile.needs, (), measure),
        **_freshness(measure, closed_by_rule=False),
    }


def _freshness(measure: dict[str, Any] | None, *, closed_by_rule: bool) -> dict[str, Any]:
    """The window state of a result's measure (see catalogue.freshness), its label, the date and
    title of its leading document; a rule whose validity ended closes it whatever the catalogue says."""
    measure = measure or {}
    state = measure.get("window_state")
    if state is None:  # no catalogue row: only the rule's own dates are known
        state = "open" if measure.get("is_open", True) else "closed"
    label = measure.get("window_label") or ""
    if closed_by_rule:
        state, label = "closed", "依規則已逾受理期限"
    document = measure.get("document") or {}
    return {"window_state": state, "window_label": label, "as_of": measure.get("as_of"),
            "document_title": document.get("title")}


def _key(result: dict[str, Any]) -> tuple[Any, ...]:
    """Accepting applications first, then unconfirmed (an old document, no dated window), then
    closed (an eligible measure whose window shut years ago helps no one); within each, status,
    then needs met, then the larger cap."""
    status = "informational" if result.get("informational") else result["status"]
    rank = _RANK.get((status, result["has_rule"]), 5)
    return (AVAILABILITY_TIER[result["window_state"]], rank, -result["_needs"],
            -(result["max_amount_twd"] or 0), result["measure_id"])


def match(profile: dict[str, Any] | Profile, *, explain: bool = False,
          on: dt.date | None = None) -> dict[str, Any]:
    """Every published measure with its eligibility for a profile, ranked (see DESIGN `match`):
    measures accepting applications first, then unconfirmed ones, then closed ones. Each result
    also carries `window_state`, `window_label`, `as_of` and `document_title`.

    Raises `ProfileError` (zh-TW, naming the field) for a bad profile.
    """
    prof = parse_profile(profile)
    on = on or dt.date.today()
    rules = published_rules()
    catalogue = published_measures()
    results = []
    if catalogue is None:
        results = [rule_result(r, prof, None, explain=explain, on=on) for r in rules.values()]
    else:
        for measure in catalogue:
            rule = rules.get(measure["id"])
            results.append(rule_result(rule, prof, measure, explain=explain, on=on) if rule
                           else no_rule_result(measure, prof))
    results.sort(key=_key)
    for result in results:
        result["needs_met"] = result.pop("_needs")
    return {"results": results}


def next_questions(profile: dict[str, Any] | Profile, *, on: dt.date | None = None) -> list[str]:
    """Facts still unknown that would decide some measure, most decisive first.

    A fact scores one per undecided rule that needs it, and one more where it is that rule's
    only missing fact.
    """
    prof = parse_profile(profile)
    score: Counter[str] = Counter()
    for rule in published_rules().values():
        d = decide(rule, prof, on=on)
        if d.status != "unknown":
            continue
        for fact in d.missing_facts:
            score[fact] += 2 if len(d.missing_facts) == 1 else 1
    order = {k: i for i, k in enumerate(INPUT_FACTS)}
    return sorted((f for f in score if f in FACTS), key=lambda f: (-score[f], order.get(f, 99)))
