"""Cost of the shared rate-limit counters (fudao.web.ratelimit.hit): µs per counted request.

Counts 20,000 requests over 2,000 client keys in one process, then the same in 4 processes at
once (as gunicorn workers do), on the local disk cache and, with `--redis URL`, on Redis.

    PYTHONPATH=src .venv/bin/python bench/ratelimit.py [--redis redis://127.0.0.1:6379/5]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time

HITS = 20_000


def run(offset: int = 0) -> float:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fudao.settings")
    django.setup()
    from fudao.web.ratelimit import hit

    started = time.perf_counter()
    for i in range(HITS):
        hit(f"search|10.0.{(i + offset) % 2000 // 250}.{(i + offset) % 250}")
    return (time.perf_counter() - started) / HITS * 1e6


def measure(label: str) -> None:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        print(f"{label}, one process: {pool.apply(run):.1f} µs per hit")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        started = time.perf_counter()
        per_hit = pool.map(run, [k * 7 for k in range(4)])
        wall = time.perf_counter() - started
    print(f"{label}, 4 processes at once: {sum(per_hit) / 4:.1f} µs per hit in each, "
          f"{wall / (4 * HITS) * 1e6:.1f} µs wall per hit overall (process start included)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis", default="", help="a Redis URL to measure too (its index is flushed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FUDAO_DATA_DIR"] = tmp
        os.environ.pop("FUDAO_CACHE_URL", None)
        measure("disk cache (one host)")
        if args.redis:
            import redis

            redis.Redis.from_url(args.redis).flushdb()
            os.environ["FUDAO_CACHE_URL"] = args.redis
            os.environ.setdefault("FUDAO_SECRET_KEY", "bench-" + "k" * 50)
            measure("Redis (several hosts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
