"""The openfisca-style test cases beside each rule (`<slug>.tests.yaml`), run over every file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from fudao.rules.decide import decide
from fudao.rules.loader import DATA_DIR, load_rules, rule_files
from fudao.rules.schema import TESTS_SCHEMA

CASE_FILES = sorted(DATA_DIR.glob("*.tests.yaml"))
ON = dt.date(2026, 1, 20)


def _cases() -> list[Any]:
    out = []
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, TESTS_SCHEMA)
        for i, case in enumerate(data["cases"]):
            out.append(pytest.param(data["measure"], case, id=f"{path.stem}[{i}]"))
    return out


def test_every_rule_has_a_test_file() -> None:
    stems = {p.name.removesuffix(".tests.yaml") for p in CASE_FILES}
    assert {p.stem for p in rule_files()} == stems


@pytest.mark.parametrize(("measure", "case"), _cases())
def test_rule_case(measure: str, case: dict[str, Any]) -> None:
    rule = load_rules()[measure]
    on = dt.date.fromisoformat(case["on"]) if "on" in case else ON
    d = decide(rule, case["profile"], on=on)
    assert d.status == case["status"], (case["name"], d.reasons)
    if "max_amount_twd" in case:
        assert d.max_amount_twd == case["max_amount_twd"], case["name"]
    if "missing_facts" in case:
        assert sorted(d.missing_facts) == sorted(case["missing_facts"]), case["name"]
    if "deciding" in case:
        assert case["deciding"] in d.deciding, (case["name"], d.deciding)
    assert d.reasons, "every decision names its deciding condition or missing facts"
    if d.status == "unknown":
        assert d.missing_facts


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: Path(p).stem)
def test_every_condition_has_an_unknown_case(path: Path) -> None:
    rule = load_rules()[path.stem]
    data = yaml.safe_load(path.with_name(path.stem + ".tests.yaml").read_text(encoding="utf-8"))
    unknown = {c.get("deciding") for c in data["cases"] if c["status"] == "unknown"}
    ids = {c.id for c in rule.condition.children}
    assert ids <= unknown, f"conditions without an unknown case: {ids - unknown}"
