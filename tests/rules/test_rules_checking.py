"""Bad rule files are refused with file, line and reason; the published rules stay as they were."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fudao.rules.checking import check_rule_file
from fudao.rules.loader import DATA_DIR, RuleFileError, load_rules

SLUG = "m-6f1b5961"  # AI診斷與輔導: one condition (manufacturer), one sourced parameter


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    rule, cases = tmp_path / f"{SLUG}.yaml", tmp_path / f"{SLUG}.tests.yaml"
    shutil.copy(DATA_DIR / rule.name, rule)
    shutil.copy(DATA_DIR / cases.name, cases)
    return rule, cases


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_shipped_file_passes(tmp_path: Path) -> None:
    rule, _ = _copy(tmp_path)
    assert check_rule_file(rule).measure_id == SLUG


@pytest.mark.parametrize(
    ("old", "new", "at", "words"),
    [
        ("fact: manufacturer", "fact: manufacturing", "fact: manufacturing", "未知的企業資料欄位「manufacturing」"),
        ("    eq: true", "    is: true", "- id: manufacturer", "不認得的比較運算或欄位「is」"),
        (", source: {doc: 003_83f839b7bfa6266d, lines: [21, 21], mentions: [政府出 19 萬]}}", "}",
         "- {value: 190000", "缺少出處 source"),
    ],
)
def test_a_bad_rule_file_names_file_line_and_reason(tmp_path: Path, old: str, new: str, at: str,
                                                    words: str) -> None:
    rule, _ = _copy(tmp_path)
    text = rule.read_text(encoding="utf-8")
    assert old in text
    rule.write_text(text.replace(old, new), encoding="utf-8")
    before = {k: v.path for k, v in load_rules().items()}
    with pytest.raises(RuleFileError) as caught:
        check_rule_file(rule)
    message = str(caught.value)
    assert f"{SLUG}.yaml" in message and words in message, message
    assert caught.value.line == _line_of(rule, at), message
    assert {k: v.path for k, v in load_rules().items()} == before
    assert (DATA_DIR / f"{SLUG}.yaml").read_text(encoding="utf-8") == text, "the published file is untouched"


def test_a_failing_test_case_is_refused_at_its_line(tmp_path: Path) -> None:
    rule, cases = _copy(tmp_path)
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text.replace("max_amount_twd: 190000", "max_amount_twd: 200000", 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        check_rule_file(rule)
    message = str(caught.value)
    assert f"{SLUG}.tests.yaml 第 {_line_of(cases, '- name: a manufacturer qualifies')} 行" in message, message
    assert "預期金額 200000，實得 190000" in message


def test_a_rule_without_test_cases_is_refused(tmp_path: Path) -> None:
    rule, cases = _copy(tmp_path)
    cases.unlink()
    with pytest.raises(RuleFileError, match="找不到測試案例檔"):
        check_rule_file(rule)
