"""`fudao search` / `fudao ask`: JSON shapes, batches, and refusals of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fudao.cli.main import app

runner = CliRunner()


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_search_json_shape(demo_db: str) -> None:
    result = run("search", "海洋牧場", "-k", "2", "--doc", demo_db, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"hits"} and 1 <= len(data["hits"]) <= 2
    assert set(data["hits"][0]) == {"doc", "section", "line_start", "line_end", "text", "score"}
    assert data["hits"][0]["doc"] == demo_db


def test_ask_json_shape(demo_db: str) -> None:
    result = run("ask", "外銷貸款優惠保證示範方案的諮詢專線是幾號？", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"answer", "kind", "citations", "measures"}
    assert set(data["citations"][0]) == {"doc", "line_start", "line_end", "quote"}


def test_readable_output_without_json(demo_db: str) -> None:
    result = run("ask", "外銷貸款優惠保證示範方案的諮詢專線是幾號？")
    assert result.exit_code == 0
    assert "答：" in result.stdout and "出處：" in result.stdout


def test_search_batch_keeps_order_and_reports_bad_lines(demo_db: str, tmp_path: Path) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": "a", "query": "海洋牧場"}\n'
        "not json\n"
        '{"id": "c", "query": ""}\n'
        '{"id": "d"}\n'
        '{"id": "e", "query": "工業局"}\n',
        encoding="utf-8",
    )
    result = run("search", "--batch", str(batch), "-k", "3")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", 2, "c", "d", "e"]
    assert "hits" in rows[0] and "hits" in rows[4]
    assert "error" in rows[1] and "JSON" in rows[1]["error"]
    assert "空白" in rows[2]["error"]
    assert "query" in rows[3]["error"]


def test_ask_batch_from_stdin(demo_db: str) -> None:
    result = run("ask", "--batch", "-", stdin='{"id": 1, "query": "海洋牧場補助多少案？"}\n')
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["id"] == 1 and {"answer", "citations", "measures"} <= set(row)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("search", ""), "空白"),
        (("search", "補" * 10000), "過長"),
        (("search", "！？…"), "文字或數字"),
        (("search", "🎉🎉"), "文字或數字"),
        (("search", "補助\x01"), "控制字元"),
        (("search", "補助", "-k", "0"), "1 到 100"),
        (("search", "補助", "-k", "100000"), "1 到 100"),
        (("search", "補助", "--doc", "no_such_doc"), "找不到文件"),
        (("ask", ""), "空白"),
        (("ask", "？？"), "文字或數字"),
        (("search",), "請提供"),
        (("search", "--batch", "/no/such/file.jsonl"), "找不到批次檔案"),
    ],
)
def test_bad_input_exits_2_with_a_chinese_message(demo_db: str, args: tuple[str, ...], fragment: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
