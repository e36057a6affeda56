"""Cost of the shared rate-limit counters (fudao.web.ratelimit): µs per counted request.

Counts 20,000 requests over 2,000 client keys in one process, then the same in 4 processes at
once on the same file (as gunicorn workers do), and prints µs per hit.

    PYTHONPATH=src .venv/bin/python bench/ratelimit.py
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

HITS = 20_000


def run(path: str, offset: int = 0) -> float:
    from fudao.web.ratelimit import Counters

    counters = Counters(Path(path))
    started = time.perf_counter()
    for i in range(HITS):
        counters.hit(f"search|10.0.{(i + offset) % 2000 // 250}.{(i + offset) % 250}")
    return (time.perf_counter() - started) / HITS * 1e6


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "rate.sqlite3")
        print(f"one process: {run(path):.1f} µs per hit")
        with multiprocessing.get_context("spawn").Pool(4) as pool:
            started = time.perf_counter()
            per_hit = pool.starmap(run, [(path, k * 7) for k in range(4)])
            wall = time.perf_counter() - started
        print(f"4 processes at once: {sum(per_hit) / 4:.1f} µs per hit in each, "
              f"{wall / (4 * HITS) * 1e6:.1f} µs wall per hit overall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
