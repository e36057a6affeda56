"""Benchmark of the reports on the demo year (民國112年, about 40,000 cases).

1. `fudao demo --year 112 --scale 1.0 --load` into a fresh store (SQLite, or --db URL).
2. Time `fudao report --year 112 --by month --json` (a subprocess, as a user runs it; the
   median of --repeat runs) and the same figures in process (the function the page and the
   API call), then `--xlsx`.

Usage: .venv/bin/python bench/reports.py [--db postgresql://…] [--scale 1.0] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

FUDAO = [sys.executable, "-m", "fudao.cli.main"]


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([*FUDAO, *args], env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=None)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, FUDAO_DATA_DIR=tempfile.mkdtemp(prefix="fudao-bench-reports-"))
    if args.db:
        env["FUDAO_DB"] = args.db
        subprocess.run([*FUDAO, "migrate"], env=env, check=True, capture_output=True)
    load, out = run(["demo", "--year", "112", "--scale", str(args.scale), "--load", "--json"], env)
    summary = json.loads(out)
    cli = []
    for _ in range(args.repeat):
        seconds, out = run(["report", "--year", "112", "--by", "month", "--json"], env)
        cli.append(seconds)
    total = json.loads(out)["total"]
    xlsx = os.path.join(env["FUDAO_DATA_DIR"], "report.xlsx")
    xlsx_seconds, _ = run(["report", "--year", "112", "--by", "month", "--xlsx", xlsx], env)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fudao.settings")
    from fudao import bootstrap

    bootstrap.setup()
    from fudao.reports.figures import kpi
    from fudao.reports.periods import year_period

    inproc = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        kpi(year_period(112), by="month")
        inproc.append(time.perf_counter() - start)
    store = "PostgreSQL" if args.db else "SQLite"
    print(f"store: {store}; demo records: {summary['records']}; demo write+import {load:.1f} s")
    print(f"figures: {total['cases']} 案次, {total['enterprise_visits']} 家次, {total['events']} 場次, "
          f"{total['attendances']} 人次, financing {total['financing_amount_twd']:,} 元, "
          f"debt {total['debt_extended_twd']:,} 元")
    print(f"yearly report by month: in process median {statistics.median(inproc) * 1000:.0f} ms; "
          f"CLI (process start included) median {statistics.median(cli):.2f} s")
    print(f"XLSX export (CLI, process start included): {xlsx_seconds:.2f} s")


if __name__ == "__main__":
    main()
