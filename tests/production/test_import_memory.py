"""`fudao import` memory stays flat in the row count (DESIGN "Importing records": rows are read
as a stream): a child process importing 100,000 enterprise rows from CSV (the registry loader)
peaks at no more than 1.5 times the peak of one importing 10,000 rows plus a small constant, and
one importing 50,000 from XLSX (openpyxl read-only, written a chunk at a time) no more than one
importing 5,000 plus the constant; and one importing 100,000 case records from CSV (read into a
spool on disk, checked in one pass, written a chunk at a time) no more than 1.5 times one
importing 10,000 plus the constant (peak RSS of the child, from wait4's resource usage)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fudao.zhtext.ubn import synthetic_ubn

COUNTIES = ["臺北市", "新北市", "臺中市", "高雄市", "臺南市", "桃園市"]
SLACK_KB = 20 * 1024  # the small constant: 20 MB


def firm(i: int) -> list:
    return [synthetic_ubn(i), f"測試企業{i:06d}股份有限公司", COUNTIES[i % len(COUNTIES)],
            5 + i % 180, 1_000_000 + (i % 500) * 10_000, "finance,export" if i % 3 else ""]


HEADER = ["ubn", "name", "county", "employees", "paid_in_capital_twd", "needs"]


def write_book(path: Path, n: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for i in range(n):
        sheet.append(firm(i))
    book.save(path)
    return path


def write_firms(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(n):
            writer.writerow(firm(i))
    return path


CASE_HEADER = ["case_no", "channel", "kind", "opened_at", "ubn", "name", "contact_name", "contact_phone",
               "needs", "summary"]
CHANNELS = ["hotline", "web", "walk_in", "email"]
KINDS = ["inquiry", "financing", "counselling"]


def write_cases(path: Path, n: int) -> Path:
    """`n` case records of 民國 114 (every tenth firm's 統一編號 shared by ten cases)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(CASE_HEADER)
        for i in range(n):
            day = 1 + i % 28
            writer.writerow([f"114-{i + 1:06d}", CHANNELS[i % 4], KINDS[i % 3],
                             f"2025-{1 + i % 12:02d}-{day:02d}T09:{i % 60:02d}:00+08:00",
                             synthetic_ubn(i // 10), f"測試企業{i // 10:06d}股份有限公司", "王小明",
                             f"02-2345-{i % 10_000:04d}", "finance" if i % 2 else "", f"第 {i} 件諮詢"])
    return path


def peak_rss_kb(tmp: Path, rows: int, suffix: str = ".csv", record_type: str = "enterprise") -> tuple[int, dict]:
    """Import `rows` records into a fresh SQLite store in a child; its peak RSS (KB) and report."""
    folder = tmp / f"run-{record_type}-{rows}{suffix}"
    folder.mkdir()
    if record_type == "case":
        path = write_cases(folder / "cases.csv", rows)
    else:
        path = (write_firms if suffix == ".csv" else write_book)(folder / f"firms{suffix}", rows)
    env = dict(os.environ, FUDAO_DB=f"sqlite:///{folder / 'store.sqlite3'}", FUDAO_DATA_DIR=str(folder / "data"),
               PYTHONPATH=os.pathsep.join(sys.path))
    fudao = [sys.executable, "-c", "from fudao.cli.main import main; main()"]
    subprocess.run([*fudao, "cases", "list", "--json"], env=env, check=True, capture_output=True, timeout=300)
    out = folder / "report.json"
    with out.open("w") as sink:
        child = subprocess.Popen([*fudao, "import", str(path), "--type", record_type, "--json"], env=env,
                                 stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 0, out.read_text()
    return int(usage.ru_maxrss), json.loads(out.read_text())


@pytest.mark.slow
def test_memory_of_an_import_stays_flat_in_its_rows(tmp_path):
    small, small_report = peak_rss_kb(tmp_path, 10_000)
    large, large_report = peak_rss_kb(tmp_path, 100_000)
    assert small_report["created"] == {"enterprise": 10_000} and small_report["errors"] == []
    assert large_report["created"] == {"enterprise": 100_000} and large_report["read"] == 100_000
    print(f"peak RSS: 10,000 rows {small / 1024:.0f} MB, 100,000 rows {large / 1024:.0f} MB")
    assert large <= 1.5 * small + SLACK_KB, (small, large)


@pytest.mark.slow
def test_memory_of_an_xlsx_import_stays_flat_in_its_rows(tmp_path):
    small, small_report = peak_rss_kb(tmp_path, 5_000, ".xlsx")
    large, large_report = peak_rss_kb(tmp_path, 50_000, ".xlsx")
    assert small_report["created"] == {"enterprise": 5_000} and small_report["errors"] == []
    assert large_report["created"] == {"enterprise": 50_000} and large_report["read"] == 50_000
    print(f"peak RSS: 5,000 XLSX rows {small / 1024:.0f} MB, 50,000 rows {large / 1024:.0f} MB")
    assert large <= small + SLACK_KB, (small, large)


@pytest.mark.slow
def test_memory_of_a_case_import_stays_flat_in_its_rows(tmp_path):
    small, small_report = peak_rss_kb(tmp_path, 10_000, record_type="case")
    large, large_report = peak_rss_kb(tmp_path, 100_000, record_type="case")
    assert small_report["created"] == {"case": 10_000} and small_report["errors"] == []
    assert large_report["created"] == {"case": 100_000} and large_report["errors"] == []
    assert large_report["read"] == 100_000
    print(f"peak RSS: 10,000 case rows {small / 1024:.0f} MB, 100,000 rows {large / 1024:.0f} MB")
    assert large <= 1.5 * small + SLACK_KB, (small, large)
