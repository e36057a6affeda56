"""`match` and `next_questions`: every measure, ranked, explained, with sources and amounts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fudao.matching import services
from fudao.rules.decide import decide
from fudao.rules.loader import load_rules
from fudao.rules.profile import ProfileError

ON = dt.date(2026, 1, 20)
TARIFF_SME = {
    "org_type": "company", "industry_section": "C", "employees": 30,
    "paid_in_capital_twd": 20_000_000, "factory_registration": "registered",
    "registered_trader": True, "us_export_within_3y": True, "us_tariff_affected": True,
    "revenue_drop_pct_vs_2024_same_period": 12, "needs": ["finance"],
}


@pytest.fixture(autouse=True)
def rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Match against the rules alone (the catalogue's own tests cover the join's other side)."""
    monkeypatch.setattr(services, "published_measures", lambda: None)


def _by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["measure_id"]: r for r in result["results"]}


def test_every_rule_has_a_result_with_reasons_and_sources() -> None:
    results = services.match(TARIFF_SME, on=ON)["results"]
    assert {r["measure_id"] for r in results} == set(load_rules())
    for r in results:
        assert r["reasons"] and r["sources"]
        assert all(s["doc"] and s["line_start"] <= s["line_end"] for s in r["sources"])


def test_tariff_sme_results() -> None:
    got = _by_id(services.match(TARIFF_SME, on=ON))
    assert got["export-loan-guarantee-plus"]["status"] == "eligible"
    assert got["export-loan-guarantee-plus"]["max_amount_twd"] == 60_000_000
    assert got["rd-transformation-grant"]["max_amount_twd"] == 5_000_000
    assert got["small-mfg-upgrade-grant"]["status"] == "ineligible"
    assert got["small-mfg-upgrade-grant"]["max_amount_twd"] is None
    assert any("經常僱用員工數9人以下" in x for x in got["small-mfg-upgrade-grant"]["reasons"])
    assert got["mfg-post-pandemic-revival"]["status"] == "eligible"


def closed_on(measure_id: str, on: dt.date) -> bool:
    """Whether the rule of a measure stops applying before `on`."""
    rule = load_rules()[measure_id]
    return bool(rule.valid_to and on > rule.valid_to)


def test_ranking_open_first_then_eligible_unknown_ineligible_and_needs_first() -> None:
    results = services.match(TARIFF_SME, on=ON)["results"]
    closed = [closed_on(r["measure_id"], ON) for r in results]
    assert closed == sorted(closed), "a closed measure ranks after every open one"
    for group in (False, True):
        # an informational measure (nothing to qualify for) follows the decided and open ones
        order = ["informational" if r["informational"] else r["status"]
                 for r, c in zip(results, closed, strict=True) if c is group]
        assert order == sorted(order, key=["eligible", "unknown", "informational", "ineligible"].index)
    eligible = [r for r in results if r["status"] == "eligible" and not r["informational"]]
    # finance is the stated need: the eligible finance measures lead the eligible ones
    finance = [r for r in eligible if "finance" in load_rules()[r["measure_id"]].needs]
    assert eligible[:len(finance)] == finance
    assert {"export-loan-guarantee-plus", "smb-diverse-loan-plus"} <= {r["measure_id"] for r in finance}
    assert eligible[0]["max_amount_twd"] >= eligible[1]["max_amount_twd"]


def test_unknown_result_names_missing_facts_and_hint() -> None:
    profile = {"registered_trader": True, "us_export_within_3y": True}
    r = _by_id(services.match(profile, on=ON))["export-loan-guarantee-plus"]
    assert r["status"] == "unknown"
    assert "revenue_drop_pct_vs_2024_same_period" in r["missing_facts"]
    assert r["hint"] == "若營業額較113年同期減少10%以上，即符合"


def test_near_miss_gets_a_hint() -> None:
    profile = {**TARIFF_SME, "revenue_drop_pct_vs_2024_same_period": 9.99,
               "revenue_drop_pct_vs_2024h2_monthly_avg": 0, "revenue_drop_pct_vs_2025_janfeb_avg": 0}
    r = _by_id(services.match(profile, on=ON))["export-loan-guarantee-plus"]
    assert r["status"] == "ineligible" and r["hint"]
    assert any("9.99" in x for x in r["reasons"])


def test_explain_traces_every_condition_with_params_and_sources() -> None:
    r = _by_id(services.match(TARIFF_SME, explain=True, on=ON))["export-loan-guarantee-plus"]
    trace = r["trace"]
    assert [t["id"] for t in trace] == ["registered_trader", "us_export_within_3y", "revenue_drop"]
    drop = trace[2]["children"][0]
    assert drop["param"]["value"] == 10 and drop["param"]["source"]["line_start"] == 219
    assert drop["fact"] == {"revenue_drop_pct_vs_2024_same_period": 12}
    assert "trace" not in _by_id(services.match(TARIFF_SME, on=ON))["export-loan-guarantee-plus"]


def test_an_eligible_measure_whose_window_closed_ranks_after_open_ones() -> None:
    results = services.match({"org_type": "company"}, on=ON)["results"]
    ids = [r["measure_id"] for r in results]
    assert closed_on("commerce-service-value", ON)
    assert all(ids.index("commerce-service-value") > i for i, r in enumerate(results)
               if not closed_on(r["measure_id"], ON))


def test_closed_window_is_said() -> None:
    r = _by_id(services.match({"org_type": "company"}, on=ON))["commerce-service-value"]
    assert any("民國105年3月15日" in x and "截止" in x for x in r["reasons"])


def test_bad_profile_raises_profile_error() -> None:
    with pytest.raises(ProfileError, match="employees"):
        services.match({"employees": -3})


def test_next_questions_most_decisive_first() -> None:
    profile = {"org_type": "company", "employees": 3}
    questions = services.next_questions(profile, on=ON)
    open_rules = [d for d in (decide(r, profile, on=ON) for r in load_rules().values())
                  if d.status == "unknown"]

    def score(fact: str) -> int:  # one per open rule needing it, one more where it is the only one
        return sum((2 if len(d.missing_facts) == 1 else 1) for d in open_rules if fact in d.missing_facts)

    assert [score(f) for f in questions] == sorted((score(f) for f in questions), reverse=True)
    assert set(questions) == {f for d in open_rules for f in d.missing_facts}
    assert "org_type" not in questions and "employees" not in questions
    everything = {f for r in load_rules().values() for f in r.condition.facts_read()}
    full = TARIFF_SME | {"tax_registered": True, "mittelstand_status": "none", "net_worth_twd": 1,
                         "bank_rejected": False, "science_park_firm": False, "own_brand": True,
                         "brand_award_winner": False, "tax_arrears_3y": False, "ecommerce_business": False}
    assert everything - set(full) <= {"sme", "small_scale", "manufacturer", "annual_revenue_twd",
                                      "revenue_drop_pct_vs_2024h2_monthly_avg",
                                      "revenue_drop_pct_vs_2025_janfeb_avg"}
    assert services.next_questions(full, on=ON) == []


def test_catalogue_measures_without_rules_rank_among_unknowns(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = [
        {"id": "export-loan-guarantee-plus", "name": "外銷貸款優惠保證加碼", "sources": {}},
        {"id": "m-0000abcd", "name": "某項輔導措施", "facet": "金融支持",
         "sources": {"name": {"doc": "003_83f839b7bfa6266d", "line_start": 173, "line_end": 173}}},
        {"id": "overseas-orders-grant", "name": "爭取海外訂單", "sources": {}},
    ]
    monkeypatch.setattr(services, "published_measures", lambda: catalogue)
    results = services.match({"registered_trader": True, "us_export_within_3y": False,
                               "org_type": "company"}, on=ON)["results"]
    assert [r["measure_id"] for r in results] == [
        "overseas-orders-grant", "m-0000abcd", "export-loan-guarantee-plus"]
    no_rule = results[1]
    assert no_rule["status"] == "unknown" and no_rule["reasons"] == [services.NO_RULE_REASON]
    assert no_rule["sources"] == [{"doc": "003_83f839b7bfa6266d", "line_start": 173, "line_end": 173}]
