"""Dated parameter values: a change of threshold applies from its date; closed windows are said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fudao.rules.decide import decide
from fudao.rules.loader import load_rule
from fudao.rules.profile import FACTS

RULE = """\
measure: dated-measure
name: 測試措施
agency: 測試機關
applies: {from: "2024-01-01", to: "2025-12-31"}
sources: [{ref: 測試辦法}]
params:
  max_staff:
    label: 員工數上限
    values:
      - {value: 9, from: "2024-01-01", to: "2024-12-31", source: {ref: 舊版辦法}}
      - {value: 19, from: "2025-01-01", to: null, source: {ref: 新版辦法}}
conditions:
  - id: small
    fact: employees
    le: {param: max_staff}
"""


def _rule(tmp_path: Path):
    path = tmp_path / "dated-measure.yaml"
    path.write_text(RULE, encoding="utf-8")
    return load_rule(path, set(FACTS))


def test_threshold_follows_the_date(tmp_path: Path) -> None:
    rule = _rule(tmp_path)
    profile = {"employees": 15}
    assert decide(rule, profile, on=dt.date(2024, 6, 1)).status == "ineligible"
    assert decide(rule, profile, on=dt.date(2025, 6, 1)).status == "eligible"
    trace = decide(rule, profile, on=dt.date(2025, 6, 1), explain=True).trace
    assert trace[0]["param"]["value"] == 19 and trace[0]["param"]["source"] == {"ref": "新版辦法"}


def test_window_dates_are_told(tmp_path: Path) -> None:
    rule = _rule(tmp_path)
    before = decide(rule, {"employees": 1}, on=dt.date(2023, 6, 1)).reasons
    after = decide(rule, {"employees": 1}, on=dt.date(2026, 6, 1)).reasons
    assert any("民國113年1月1日起受理" in r for r in before)
    assert any("民國114年12月31日截止" in r for r in after)
    # the latest value that started before the date stays in force after its window
    assert decide(rule, {"employees": 19}, on=dt.date(2030, 1, 1)).status == "eligible"
