"""A benefit's conditioned parts follow the loan asked for: the rate cut on the first 1,000萬 only."""

from __future__ import annotations

import datetime as dt

from fudao.matching import services
from fudao.rules.decide import decide
from fudao.rules.loader import load_rules

ON = dt.date(2026, 1, 20)
FIRM = {"org_type": "company", "employees": 30, "us_tariff_affected": True,
        "revenue_drop_pct_vs_2024_same_period": 15}


def _terms(request: float | None) -> dict[str, int | None]:
    profile = FIRM | ({"loan_request_twd": request} if request is not None else {})
    d = decide(load_rules()["smb-diverse-loan-plus"], profile, on=ON)
    return {t["label"]: t["applies_to_twd"] for t in d.benefit_terms}


def test_a_request_of_12_million_gets_the_rate_cut_on_the_first_10_million() -> None:
    terms = _terms(12_000_000)
    assert terms["利率減碼1.5%（最長6個月）"] == 10_000_000
    assert terms["保證成數10成"] == 1_000_000
    assert terms["保證成數最低9成"] == 11_000_000


def test_a_small_request_is_covered_whole() -> None:
    terms = _terms(800_000)
    assert terms["利率減碼1.5%（最長6個月）"] == 800_000
    assert terms["保證成數10成"] == 800_000 and terms["保證成數最低9成"] == 0


def test_without_a_request_the_parts_are_stated_but_not_computed() -> None:
    assert set(_terms(None).values()) == {None}


def test_match_carries_the_terms_and_an_ineligible_firm_gets_none(monkeypatch) -> None:
    monkeypatch.setattr(services, "published_measures", lambda: None)
    got = {r["measure_id"]: r for r in services.match(FIRM | {"loan_request_twd": 12_000_000}, on=ON)["results"]}
    assert got["smb-diverse-loan-plus"]["benefit_terms"][0]["up_to_twd"] == 10_000_000
    assert got["smb-diverse-loan-plus"]["max_amount_twd"] == 35_000_000
    refused = decide(load_rules()["smb-diverse-loan-plus"], FIRM | {"us_tariff_affected": False,
                                                                     "loan_request_twd": 1}, on=ON)
    assert refused.status == "ineligible" and refused.benefit_terms == []
