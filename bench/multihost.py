"""Benchmark of several hosts behind one address (DESIGN "Running in production").

Three `fudao serve --workers 1 --threads 4` hosts on this machine (separate data folders, one
PostgreSQL database, one Redis index; tests/production/multihost.py) take the same mixed load
(unique search questions, desk intakes, event registrations; tests/production/mixedload.py)
first through one host, then spread over all three; then a catalogue change made on one host
is timed until every host serves it. The hosts share this machine's cores, so the point is no
loss of throughput and no errors, not a speed-up.

    PYTHONPATH=src .venv/bin/python bench/multihost.py [--seconds 60] [--clients 50]

The database is FUDAO_MULTIHOST_DB (default fudao_multihost) on FUDAO_TEST_PG's server, dropped
and made anew; Redis is FUDAO_TEST_REDIS (default redis://127.0.0.1:6379/5), flushed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "production"), str(ROOT / "tests")]


def report(label: str, outcome) -> None:
    from mixedload import ROUTES

    rate = outcome.ok / outcome.wall
    routes = ", ".join(f"{r} {len(outcome.times[r])} p95 {outcome.p95(r) * 1000:.0f} ms" for r in ROUTES)
    print(f"{label}: {outcome.ok} ok in {outcome.wall:.1f} s = {rate:.1f} req/s, {len(outcome.errors)} errors; "
          f"{routes}")


def propagation(cluster) -> tuple[float, float]:
    """Seconds for a retire and a publish made on host 1 to show on every host."""
    import requests
    from multihost import pg_connect
    from test_multihost import RETIRED, _admin_action, _seconds_until_all, sign_in

    with pg_connect() as conn:
        measure_id = conn.execute("SELECT id FROM catalogue_measure WHERE status = 'published' ORDER BY id "
                                  "LIMIT 1").fetchone()[0]
    page = f"/measures/{measure_id}/"
    for host in cluster.hosts:
        assert RETIRED not in requests.get(host.base + page, timeout=30).text
    admin = requests.Session()
    sign_in(admin, cluster.hosts[0].base, "chief")
    _admin_action(admin, cluster.hosts[0].base, "retire", measure_id)
    retired = _seconds_until_all(cluster.hosts, page, True, limit=60)
    _admin_action(admin, cluster.hosts[0].base, "publish", measure_id)
    return retired, _seconds_until_all(cluster.hosts, page, False, limit=60)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    from mixedload import run
    from multihost import make_cluster, missing
    from test_multihost import add_event

    from corpusfiles import CORPUS_DIR

    why = missing()
    if why:
        print(f"cannot run: {why}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        cluster = make_cluster(Path(tmp), CORPUS_DIR)
        try:
            add_event(cluster, "bench-one", 100_000)
            add_event(cluster, "bench-three", 100_000)
            token = cluster.tokens["lin"]
            one = run([cluster.hosts[0].base], clients=args.clients, seconds=args.seconds, token=token,
                      event="bench-one")
            report("one host", one)
            time.sleep(2)
            three = run([h.base for h in cluster.hosts], clients=args.clients, seconds=args.seconds,
                        token=token, event="bench-three")
            report("three hosts", three)
            print(f"ratio three/one: {three.ok / three.wall / (one.ok / one.wall):.2f}")
            retired, published = propagation(cluster)
            print(f"catalogue change made on host 1 served by all three: retire {retired:.2f} s, "
                  f"publish {published:.2f} s")
        finally:
            cluster.stop()
    return 1 if one.errors or three.errors else 0


if __name__ == "__main__":
    sys.exit(main())
