"""Rules files with mistakes: the error names the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from fudao.rules.loader import RuleFileError, load_rule
from fudao.rules.profile import FACTS

GOOD = """\
measure: {slug}
name: 測試措施
agency: 測試機關
applies: {{from: "2025-01-01", to: null}}
sources:
  - {{ref: 測試辦法}}
params:
  floor:
    label: 門檻
    values:
      - {{value: 10, from: null, to: null, source: {{ref: 測試辦法}}}}
conditions:
  - id: big
    fact: employees
    ge: {{param: floor}}
{extra}"""


def _write(tmp_path: Path, text: str, slug: str = "test-measure") -> Path:
    path = tmp_path / f"{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads(tmp_path: Path) -> None:
    rule = load_rule(_write(tmp_path, GOOD.format(slug="test-measure", extra="")), set(FACTS))
    assert rule.params["floor"].values[0].value == 10


@pytest.mark.parametrize(
    ("extra", "line", "field", "words"),
    [
        ("  - id: x\n    fact: employee\n    ge: 3\n", 17, "conditions.1.fact", "未知的企業資料欄位"),
        ("  - id: x\n    fact: employees\n    ge: {param: nope}\n", 18, "conditions.1.ge.param", "未定義的參數"),
        ("  - id: x\n    fact: employees\n    ge: 3\n    lt: 9\n", 16, "conditions.1", "恰有一個"),
        ("  - id: x\n    fact: employees\n    above: 3\n", 16, "conditions.1", "不認得的比較運算或欄位「above」"),
        ("  - id: x\n    fact: employees\n    ge: 3\n  - id: y\n    any: []\n", 20, "conditions.2.any", "不符合規則格式"),
        ("  - id: x\n    fact: employees\n    ge: [3\n", 19, "（YAML 語法）", "無法解析"),
    ],
)
def test_errors_name_file_line_field(tmp_path: Path, extra: str, line: int, field: str, words: str) -> None:
    path = _write(tmp_path, GOOD.format(slug="test-measure", extra=extra))
    with pytest.raises(RuleFileError) as caught:
        load_rule(path, set(FACTS))
    message = str(caught.value)
    assert "test-measure.yaml" in message and f"第 {caught.value.line} 行" in message
    assert caught.value.field == field, message
    assert caught.value.line == line, message
    assert words in message


def test_bad_date_is_reported(tmp_path: Path) -> None:
    text = GOOD.format(slug="test-measure", extra="").replace('"2025-01-01"', '"2025-13-01"')
    with pytest.raises(RuleFileError, match=r"applies\.from") as caught:
        load_rule(_write(tmp_path, text), set(FACTS))
    assert caught.value.line == 4


def test_measure_must_match_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.format(slug="other-slug", extra=""), slug="test-measure")
    with pytest.raises(RuleFileError, match="須與檔名相同"):
        load_rule(path, set(FACTS))
