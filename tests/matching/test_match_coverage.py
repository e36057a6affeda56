"""The coverage figure: per document, measures decided by rules, informational, not yet encoded."""

from __future__ import annotations

import datetime as dt

import pytest

from fudao.matching import services
from fudao.matching.coverage import coverage, store_coverage

ON = dt.date(2026, 1, 20)


def test_kinds_per_document() -> None:
    doc = {"doc": "009_0000000000000000"}
    got = coverage([
        {"id": "smb-diverse-loan-plus", "document": doc},
        {"id": "m-2ecdcb91", "document": doc},                              # informational
        {"id": "m-00000000", "document": doc, "target": "中小企業"},          # stated, no rule
        {"id": "m-00000001", "document": doc, "target": "", "applicant_types": []},  # a directory row
    ])["009_0000000000000000"]
    assert (got["measures"], got["rules"], got["informational"], got["not_encoded"], got["not_stated"]) == (4, 1, 1, 1, 1)
    assert got["not_encoded_ids"] == ["m-00000000"]


@pytest.mark.store
def test_every_measure_of_002_and_003_is_decided_or_informational(corpus_db) -> None:
    figures = store_coverage()
    for doc, row in figures.items():
        if doc.startswith(("002", "003")):
            assert row["not_encoded"] == row["not_stated"] == 0, (doc, row["not_encoded_ids"])
            assert row["rules"] + row["informational"] == row["measures"] > 0
    results = services.match({"org_type": "company", "industry_section": "C"}, on=ON)["results"]
    docs = {m["id"]: (m.get("document") or {}).get("doc", "") for m in services.published_measures() or []}
    asked_to_call = [r for r in results if r["reasons"] == [services.NO_RULE_REASON]
                     and docs.get(r["measure_id"], "").startswith("003")]
    assert asked_to_call == [], "no measure of 003 ends in 「請洽承辦單位」"
