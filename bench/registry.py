"""Benchmark of the registry import (`fudao.enterprises.registry.import_registry`).

1. Generate N (default 1,600,000) synthetic enterprises as a UTF-8 CSV (valid 統一編號 from
   `synthetic_ubn`, ~25% of facts unknown, a few bad rows) in a temporary folder.
2. Import it into PostgreSQL (`--pg`, migrated first; its enterprise table is emptied), then
   re-import the same file (nothing changes), then into a fresh SQLite file.

Each import runs in a child process that starts Django; the time quoted is the import call.
The PostgreSQL store keeps the enterprises (bench/outreach.py screens them).

Usage: python bench/registry.py [--n 1600000] [--pg postgresql://postgres@127.0.0.1:5432/wt_i14]
       [--skip-sqlite]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

COUNTIES = ["臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市", "嘉義市",
            "新竹縣", "苗栗縣", "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣",
            "臺東縣", "澎湖縣", "金門縣", "連江縣"]


def _masked(values: np.ndarray, rng: np.random.Generator, unknown: float, typ: pa.DataType) -> pa.Array:
    return pa.array(values, type=typ, mask=rng.random(len(values)) < unknown)


def generate(n: int, path: Path, seed: int = 7, unknown: float = 0.25) -> None:
    """Write n synthetic enterprises as a registry CSV (UTF-8, header of profile keys)."""
    from fudao.zhtext.ubn import synthetic_ubn

    rng = np.random.default_rng(seed)
    ubns = np.array([synthetic_ubn(i) for i in range(n)])
    bad = rng.integers(0, n, max(1, n // 100_000))
    ubns[bad] = "12345678"  # a few bad 統一編號: reported, the rest imported
    cols: dict[str, pa.Array] = {
        "ubn": pa.array(ubns),
        "name": pa.array(np.char.add(np.char.add("測試企業", np.arange(n).astype(str)), "有限公司")),
        "org_type": _masked(np.array(["company", "business", "other"])[rng.choice(3, n, p=[.7, .28, .02])],
                            rng, 0.02, pa.string()),
        "industry_section": _masked(np.array(list("ABCDEFGHIJKLMNOPQRS"))[rng.integers(0, 19, n)],
                                    rng, 0.05, pa.string()),
        "paid_in_capital_twd": _masked(np.round(rng.lognormal(15, 2, n)), rng, unknown, pa.float64()),
        "employees": _masked(rng.geometric(0.05, n) - 1, rng, unknown, pa.int64()),
        "annual_revenue_twd": _masked(np.round(rng.lognormal(16, 2, n)), rng, unknown, pa.float64()),
        "factory_registration": _masked(np.array(["registered", "managed", "specific", "none"])[
            rng.integers(0, 4, n)], rng, 0.5, pa.string()),
        "registered_trader": _masked(rng.random(n) < 0.3, rng, unknown, pa.bool_()),
        "tax_registered": _masked(rng.random(n) < 0.9, rng, unknown, pa.bool_()),
        "us_export_within_3y": _masked(rng.random(n) < 0.2, rng, 0.5, pa.bool_()),
        "us_tariff_affected": _masked(rng.random(n) < 0.2, rng, 0.6, pa.bool_()),
        "revenue_drop_pct_vs_2024_same_period": _masked(np.round(rng.normal(5, 15, n).clip(-100, 100), 1),
                                                        rng, 0.7, pa.float64()),
        "mittelstand_status": _masked(np.array(["excellent", "potential", "none"])[
            rng.choice(3, n, p=[.001, .009, .99])], rng, 0.3, pa.string()),
        "county": pa.array(np.array(COUNTIES)[rng.integers(0, len(COUNTIES), n)]),
    }
    pacsv.write_csv(pa.table(cols), path)


def child(db: str, path: str) -> None:
    """In a child process: start Django on `db`, migrate, empty the table, import, print the figures."""
    os.environ["FUDAO_DB"] = db
    from fudao import bootstrap

    bootstrap.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    from fudao.enterprises.registry import import_registry

    out = {}
    for label in ("first", "again"):
        start = time.perf_counter()
        report = import_registry(Path(path))
        out[label] = {"seconds": round(time.perf_counter() - start, 2), "read": report["read"],
                      "created": report["created"]["enterprise"],
                      "updated": report["updated"]["enterprise"], "errors": len(report["errors"])}
        if os.environ.get("BENCH_ONCE"):
            break
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM enterprises_enterprise")
        out["rows"] = cursor.fetchone()[0]
    print(json.dumps(out))


def run(db: str, path: Path, env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", db, str(path)], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"import failed on {db}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def empty_pg(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT to_regclass('enterprises_enterprise')").fetchone()[0]
        if exists:
            conn.execute("TRUNCATE enterprises_enterprise CASCADE")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_600_000)
    parser.add_argument("--pg", default=os.environ.get("FUDAO_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/fudao"))
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fudao-bench-registry-") as tmp:
        path = Path(tmp) / "registry.csv"
        start = time.perf_counter()
        generate(args.n, path)
        print(f"generated {args.n:,} enterprises ({path.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - start:.1f} s")
        env = dict(os.environ, FUDAO_DATA_DIR=tmp)
        empty_pg(args.pg)
        pg = run(args.pg, path, env)
        print(f"PostgreSQL: first import {pg['first']}; re-import {pg.get('again')}; rows {pg['rows']:,}")
        if not args.skip_sqlite:
            lite = run(f"sqlite:///{tmp}/bench.sqlite3", path, dict(env, BENCH_ONCE="1"))
            print(f"SQLite: first import {lite['first']}; rows {lite['rows']:,}")


if __name__ == "__main__":
    main()
