"""Check a rules file before it may be published: it loads, and its test cases beside it pass.

Nothing is written: a refused file leaves the published rules (the package's data folder) as
they were. Every refusal is a `RuleFileError` naming the file, the line and the reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fudao.rules.decide import decide
from fudao.rules.loader import Located, RuleFileError, load_rule
from fudao.rules.model import Rule
from fudao.rules.profile import FACTS, ProfileError
from fudao.rules.schema import TESTS_SCHEMA

CASES_ON = dt.date(2026, 1, 20)


def tests_path(path: Path) -> Path:
    """The test-case file beside a rules file (`<slug>.tests.yaml`)."""
    return path.with_name(path.stem + ".tests.yaml")


def check_rule_file(path: Path, text: str | None = None, tests_text: str | None = None) -> Rule:
    """The rule of a file whose every test case passes; `RuleFileError` otherwise.

    With `text` and `tests_text` the two files' contents are given (as the store keeps them)
    and only their names are taken from `path`.
    """
    rule = load_rule(path, set(FACTS), text)
    cases_file = tests_path(path)
    if tests_text is None and not cases_file.is_file():
        raise RuleFileError(path, None, "（測試案例）", f"找不到測試案例檔 {cases_file.name}")
    doc = Located(cases_file, tests_text)
    if not isinstance(doc.data, dict):
        raise doc.fail((), "測試案例檔須為 YAML 對應表（measure、cases）")
    doc.validate(TESTS_SCHEMA)
    if doc.data["measure"] != rule.measure_id:
        raise doc.fail(("measure",), f"須與規則的 measure 相同（{rule.measure_id}）")
    for i, case in enumerate(doc.data["cases"]):
        problem = case_problem(rule, case)
        if problem:
            raise doc.fail(("cases", i), f"測試案例「{case['name']}」未通過：{problem}")
    return rule


def case_problem(rule: Rule, case: dict[str, Any]) -> str | None:
    """What a test case expects and the rule does not give (zh-TW), or None when it passes."""
    on = dt.date.fromisoformat(case["on"]) if "on" in case else CASES_ON
    try:
        d = decide(rule, case["profile"], on=on)
    except ProfileError as exc:
        return f"企業資料不正確（{exc}）"
    if d.status != case["status"]:
        return f"預期 {case['status']}，實得 {d.status}（{'；'.join(d.reasons)}）"
    if "max_amount_twd" in case and d.max_amount_twd != case["max_amount_twd"]:
        return f"預期金額 {case['max_amount_twd']}，實得 {d.max_amount_twd}"
    if "missing_facts" in case and sorted(d.missing_facts) != sorted(case["missing_facts"]):
        return f"預期缺少 {case['missing_facts']}，實得 {d.missing_facts}"
    if "deciding" in case and case["deciding"] not in d.deciding:
        return f"預期由「{case['deciding']}」決定，實得 {d.deciding}"
    return None
