"""Benchmark of event registration through the API (`POST /api/events/<id>/registrations`,
Django's test client in-process, each request in its own thread and connection).

Run: PYTHONPATH=src .venv/bin/python bench/events.py [--db postgresql://…/empty_db] [--n 400] [--threads 8]
Without --db a fresh SQLite file store is used (a PostgreSQL database must be migrated and
empty of the bench event). Prints the latency p50/p95/max, throughput, and the seats given
against the capacity (capacity n/2, so half the requests land on the waitlist).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="")
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="fudao-bench-events-"))
    os.environ["FUDAO_DB"] = args.db or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["FUDAO_DATA_DIR"] = str(workdir / "data")
    from fudao import bootstrap

    bootstrap.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from fudao.accounts.actors import LOCAL
    from fudao.events.checks import EventInput
    from fudao.events.models import Registration
    from fudao.events.services import save_event

    event_id = f"bench-{int(time.time())}"
    starts = timezone.now() + dt.timedelta(days=30)
    save_event(data=EventInput(event_id=event_id, kind="info_session", title="bench", starts_at=starts,
                               ends_at=starts + dt.timedelta(hours=2), capacity=args.n // 2), by=LOCAL)
    local = threading.local()

    def one(i: int) -> float:
        client = getattr(local, "client", None) or Client()
        local.client = client
        body = json.dumps({"name": f"測試{i}", "org": "", "phone": f"02-{20000000 + i}",
                           "email": f"b{i}@example.tw", "consent": True})
        began = time.perf_counter()
        response = client.post(f"/api/events/{event_id}/registrations", body, content_type="application/json")
        took = time.perf_counter() - began
        assert response.status_code == 201, response.content
        return took

    began = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        times = sorted(pool.map(one, range(args.n)))
    wall = time.perf_counter() - began
    seated = Registration.objects.filter(event__event_id=event_id, status="registered").count()
    waiting = Registration.objects.filter(event__event_id=event_id, status="waitlisted").count()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"store={connection.vendor} n={args.n} threads={args.threads} capacity={args.n // 2}")
    print(f"latency ms: p50={statistics.median(times) * 1000:.1f} p95={p95 * 1000:.1f} "
          f"max={times[-1] * 1000:.1f}; throughput {args.n / wall:.0f} registrations/s")
    print(f"registered={seated} waitlisted={waiting} (oversold: {max(0, seated - args.n // 2)})")


if __name__ == "__main__":
    main()
