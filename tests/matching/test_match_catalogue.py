"""`match` over the real catalogue (corpus ingested and published): the join by slug."""

from __future__ import annotations

import datetime as dt

import pytest

from fudao.matching import services
from fudao.rules.loader import load_rules

pytestmark = [pytest.mark.store]
ON = dt.date(2026, 1, 20)


def test_match_joins_published_measures(corpus_db) -> None:
    published = services.published_measures()
    assert published, "the corpus ingest published no measures"
    ids = {m["id"] for m in published}
    results = services.match({"org_type": "company", "employees": 12, "industry_section": "C"},
                             on=ON)["results"]
    assert {r["measure_id"] for r in results} == ids
    for r in results:
        assert r["has_rule"] == (r["measure_id"] in load_rules())
        if not r["has_rule"]:
            assert r["status"] == "unknown" and r["reasons"] == [services.NO_RULE_REASON]
    ruled = [r["measure_id"] for r in results if r["has_rule"]]
    assert set(ruled) == ids & set(load_rules()), "every published measure with a rule is decided"
    for tier in {services.AVAILABILITY_TIER[r["window_state"]] for r in results}:
        unknown_rows = [r for r in results if r["status"] == "unknown"
                        and services.AVAILABILITY_TIER[r["window_state"]] == tier]
        assert unknown_rows == sorted(unknown_rows, key=lambda r: not r["has_rule"])
