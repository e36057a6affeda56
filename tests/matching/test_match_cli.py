"""`fudao match` and `fudao screen` as a user runs them."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

FUDAO = [sys.executable, "-c", "from fudao.cli.main import main; main()"]
PROFILE = {"org_type": "company", "employees": 12, "industry_section": "C",
           "registered_trader": True, "us_export_within_3y": True,
           "revenue_drop_pct_vs_2025_janfeb_avg": 25}


def _run(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FUDAO_DB=f"sqlite:///{tmp_path / 'store.sqlite3'}",
               FUDAO_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([*FUDAO, *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)


def test_match_json_and_explain(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text(json.dumps(PROFILE), encoding="utf-8")
    done = _run(tmp_path, "match", "--profile", "p.json", "--json", "--explain", "--on", "2026-01-20")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    loan = next(r for r in results if r["measure_id"] == "export-loan-guarantee-plus")
    assert loan["status"] == "eligible" and loan["max_amount_twd"] == 60_000_000
    assert all(r["reasons"] and "trace" in r for r in results)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"employees": -2}', "employees"),
        ('{"headcount": 3}', "headcount"),
        ('{"ubn": "12345678"}', "統一編號"),
        ('{"employees": 3,', "不是有效的 JSON"),
    ],
)
def test_match_bad_profile(tmp_path: Path, content: str, words: str) -> None:
    (tmp_path / "p.json").write_text(content, encoding="utf-8")
    done = _run(tmp_path, "match", "--profile", "p.json", "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("錯誤：") and words in done.stderr
    assert "Traceback" not in done.stderr


def test_match_batch_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "profile": PROFILE}), "{oops",
             json.dumps({"id": "c", "profile": {"employees": "many"}}),
             json.dumps({"id": "d", "profile": {}})]
    done = _run(tmp_path, "match", "--batch", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(x) for x in done.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 2, "c", "d"]
    assert "results" in out[0] and "error" in out[1] and "employees" in out[2]["error"]
    assert len(out[3]["results"]) == len(out[0]["results"])


def _write_csv(path: Path) -> None:
    rows = [
        ["id", "ubn", "org_type", "industry_section", "employees", "paid_in_capital_twd",
         "registered_trader", "us_export_within_3y", "revenue_drop_pct_vs_2024_same_period"],
        ["ok1", "04595257", "company", "C", "8", "1000000", "true", "true", "10"],
        ["neg", "", "company", "C", "-1", "", "", "", ""],
        ["ubn", "12345678", "company", "C", "3", "", "", "", ""],
        ["ok2", "", "", "", "", "", "false", "", "9.99"],
        ["typ", "", "company", "C", "lots", "", "maybe", "", ""],
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def test_screen_csv_reports_bad_rows_and_screens_the_rest(tmp_path: Path) -> None:
    _write_csv(tmp_path / "ent.csv")
    done = _run(tmp_path, "screen", "--enterprises", "ent.csv", "--out", "out.parquet", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["enterprises"], summary["screened"], summary["errors"]) == (5, 2, 3)
    err = done.stderr.splitlines()
    assert len(err) == 3 and "第 2 筆" in err[0] and "負數" in err[0]
    assert "第 3 筆" in err[1] and "統一編號" in err[1]
    assert "第 5 筆" in err[2] and "employees" in err[2] and "registered_trader" in err[2]
    bad = list(csv.DictReader((tmp_path / "out.errors.csv").open(encoding="utf-8")))
    assert [b["row"] for b in bad] == ["2", "3", "5"]
    table = pq.read_table(tmp_path / "out.parquet").to_pylist()
    got = {(r["enterprise_id"], r["measure_id"]): r for r in table}
    assert len(table) == summary["rows_written"] == 2 * len(summary["measures"])
    assert got[("ok1", "export-loan-guarantee-plus")]["status"] == "eligible"
    assert got[("ok1", "export-loan-guarantee-plus")]["max_amount_twd"] == 60_000_000
    assert got[("ok1", "small-mfg-upgrade-grant")]["status"] == "eligible"
    assert got[("ok2", "export-loan-guarantee-plus")]["status"] == "ineligible"


def test_screen_one_measure_to_csv(tmp_path: Path) -> None:
    _write_csv(tmp_path / "ent.csv")
    done = _run(tmp_path, "screen", "--enterprises", "ent.csv", "--out", "o.csv",
                "--measure", "small-mfg-upgrade-grant")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8")))
    assert {r["measure_id"] for r in rows} == {"small-mfg-upgrade-grant"}
    assert {r["enterprise_id"]: r["status"] for r in rows} == {"ok1": "eligible", "ok2": "unknown"}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--measure", "no-such-measure"], "找不到措施"),
        (["--out", "o.xlsx"], ".csv 或 .parquet"),
    ],
)
def test_screen_bad_requests(tmp_path: Path, args: list[str], words: str) -> None:
    _write_csv(tmp_path / "ent.csv")
    base = ["screen", "--enterprises", "ent.csv"]
    if "--out" not in args:
        base += ["--out", "o.csv"]
    done = _run(tmp_path, *base, *args)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


def test_screen_unknown_column(tmp_path: Path) -> None:
    (tmp_path / "e.csv").write_text("id,headcount\nx,3\n", encoding="utf-8")
    done = _run(tmp_path, "screen", "--enterprises", "e.csv", "--out", "o.csv")
    assert done.returncode == 2 and "headcount" in done.stderr
    assert not (tmp_path / "o.csv").exists()
