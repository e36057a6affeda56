"""Benchmark of population screening, in one run.

1. Generate N (default 1,000,000) synthetic enterprises as Parquet (values at the rules'
   thresholds, ~30% of facts unknown, a few deliberately bad rows).
2. Time `fudao screen --enterprises … --out ….parquet` over all rules (a subprocess, as a user
   runs it, process start included; the median of --repeat runs is quoted), then the same
   enterprises as CSV to a CSV (target: under 5 s for 1,000,000).
3. Time the Python evaluator one profile at a time on a sample (default 20,000) and
   extrapolate to N.
4. Check that the compiled SQL and the Python evaluator agree on M (default 10,000) random
   profiles with unknowns (status and amount of every rule).

Usage: .venv/bin/python bench/screen.py [--n 1000000] [--sample 20000] [--agree 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ON = dt.date(2026, 1, 20)


def valid_ubns(count: int, rng: random.Random) -> list[str]:
    """Random 統一編號 that pass the checksum."""
    from fudao.zhtext.ubn import is_valid_ubn

    found: list[str] = []
    while len(found) < count:
        text = f"{rng.randrange(10**8):08d}"
        if is_valid_ubn(text):
            found.append(text)
    return found


def _masked(values: np.ndarray, rng: np.random.Generator, unknown: float, typ: pa.DataType) -> pa.Array:
    mask = rng.random(len(values)) < unknown
    return pa.array(values, type=typ, mask=mask)


def generate(n: int, path: Path, seed: int = 1, unknown: float = 0.3) -> None:
    """Write n synthetic enterprises (typed Parquet columns; nulls are unknown facts)."""
    from fudao.rules.profile import FACTS
    from fudao.rules.random_profiles import EDGES

    rng = np.random.default_rng(seed)
    cols: dict[str, pa.Array] = {"id": pa.array(np.char.add("E", np.arange(n).astype(str)))}
    pool = np.array(valid_ubns(5000, random.Random(seed)))
    cols["ubn"] = _masked(pool[rng.integers(0, len(pool), n)], rng, 0.2, pa.string())
    for key, spec in FACTS.items():
        if spec.derived or spec.type in ("list", "string"):
            continue
        if spec.type == "bool":
            cols[key] = _masked(rng.random(n) < 0.5, rng, unknown, pa.bool_())
        elif spec.type == "enum":
            choices = np.array([c for c, _ in spec.choices])
            cols[key] = _masked(choices[rng.integers(0, len(choices), n)], rng, unknown, pa.string())
        else:
            edges = np.array(EDGES[key], dtype=float)
            spread = rng.uniform(0, 2e9 if "twd" in key else (100 if "pct" in key else 2000), n)
            values = np.where(rng.random(n) < 0.7, edges[rng.integers(0, len(edges), n)], spread)
            if spec.type == "int":
                cols[key] = _masked(values.astype(np.int64), rng, unknown, pa.int64())
            else:
                cols[key] = _masked(np.round(values, 2), rng, unknown, pa.float64())
    employees = cols["employees"].to_numpy(zero_copy_only=False)
    bad = rng.integers(0, n, max(1, n // 100_000))
    employees[bad] = -1  # a few negative headcounts: reported, the rest still screened
    cols["employees"] = pa.array(np.nan_to_num(employees, nan=0).astype(np.int64),
                                 mask=np.isnan(employees))
    pq.write_table(pa.table(cols), path, row_group_size=128 * 1024)


def time_cli(src: Path, out: Path) -> tuple[float, dict]:
    """Wall time of `fudao screen` as a subprocess, and its JSON summary."""
    env = dict(os.environ, FUDAO_DATA_DIR=str(out.parent / "data"))
    cmd = [sys.executable, "-c", "from fudao.cli.main import main; main()", "screen",
           "--enterprises", str(src), "--out", str(out), "--on", ON.isoformat(), "--json"]
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"fudao screen failed: {done.stderr}")
    return time.perf_counter() - start, json.loads(done.stdout)


def time_python(src: Path, sample: int) -> float:
    """Seconds to evaluate every rule for `sample` profiles, one profile at a time."""
    from fudao.rules.decide import decide
    from fudao.rules.loader import load_rules

    rules = list(load_rules().values())
    rows = pq.read_table(src).slice(0, sample).to_pylist()
    profiles = []
    for row in rows:
        row.pop("id")
        if row["employees"] is not None and row["employees"] < 0:
            continue
        profiles.append(row)
    start = time.perf_counter()
    for profile in profiles:
        for rule in rules:
            decide(rule, profile, on=ON)
    return (time.perf_counter() - start) * sample / len(profiles)


def agreement(count: int) -> int:
    """Disagreements between SQL and Python over `count` random profiles (0 is the goal)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "rules"))
    from test_rules_sql import disagreements

    from fudao.rules.random_profiles import random_profile

    rng = random.Random(2026)
    bad = 0
    for chunk in range(0, count, 1000):
        rate = [0.0, 0.2, 0.5, 0.9][(chunk // 1000) % 4]
        bad += len(disagreements([random_profile(rng, rate) for _ in range(min(1000, count - chunk))], ON))
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--agree", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of fudao screen (median quoted)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fudao-bench-") as tmp:
        src, out = Path(tmp) / "enterprises.parquet", Path(tmp) / "screened.parquet"
        start = time.perf_counter()
        generate(args.n, src)
        print(f"generated {args.n:,} enterprises in {time.perf_counter() - start:.1f} s")
        runs = [time_cli(src, out) for _ in range(args.repeat)]
        times = sorted(t for t, _ in runs)
        cli_s, summary = times[len(times) // 2], runs[0][1]
        print(f"fudao screen (subprocess, {len(summary['measures'])} rules), {args.repeat} runs: "
              f"median {cli_s:.2f} s wall (min {times[0]:.2f}, max {times[-1]:.2f}); "
              f"{summary['screened']:,} screened, {summary['errors']:,} bad rows, "
              f"{summary['rows_written']:,} rows written")
        csv_src, csv_out = Path(tmp) / "enterprises.csv", Path(tmp) / "screened.csv"
        pacsv.write_csv(pq.read_table(src), csv_src)
        csv_runs = sorted(time_cli(csv_src, csv_out)[0] for _ in range(args.repeat))
        print(f"fudao screen CSV → CSV ({csv_src.stat().st_size / 1e6:.0f} MB), {args.repeat} runs: "
              f"median {csv_runs[len(csv_runs) // 2]:.2f} s wall (min {csv_runs[0]:.2f}, max {csv_runs[-1]:.2f})")
        per = time_python(src, args.sample)
        total = per * args.n / args.sample
        print(f"python one-by-one: {per:.2f} s for {args.sample:,} profiles → "
              f"extrapolated {total:.0f} s for {args.n:,}; speed-up ×{total / cli_s:.0f}")
    if args.agree:
        start = time.perf_counter()
        bad = agreement(args.agree)
        print(f"SQL vs Python on {args.agree:,} random profiles: {bad} disagreements "
              f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
