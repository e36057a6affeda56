"""Server time of the desk pages (Django's handler, no network): my queue, the case list, the
case page (with its triage) and the intake POST, over a fresh SQLite store (or FUDAO_DB).

Run: PYTHONPATH=src .venv/bin/python bench/desk_pages.py [--corpus ../shared/corpus] [--cases 2000] [--runs 40]
Prints p50/p95 in ms per page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """p50 and p95 of `fn` in ms (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def main() -> None:
    """Fill a store, then time each page."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="fudao-bench-desk-"))
    os.environ.setdefault("FUDAO_DB", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["FUDAO_DATA_DIR"] = str(workdir / "data")
    os.environ["FUDAO_PAGE_CACHE"] = "0"
    from fudao import bootstrap

    bootstrap.setup()
    from django.test import Client

    from fudao.accounts.actors import LOCAL
    from fudao.accounts.services import add_team, add_user
    from fudao.cases.services import open_case
    from fudao.documents.services import ingest_paths
    from fudao.enterprises.services import ContactInput
    from fudao.zhtext.ubn import synthetic_ubn

    if args.corpus.is_dir():
        ingest_paths([args.corpus], publish=True)
    add_team(slug="north", name="北區服務中心")
    add_user(username="bench", role="consultant", password="bench-pass-2025", team="north")
    add_user(username="other", role="consultant", password="bench-pass-2025", team="north")
    for i in range(args.cases):
        open_case(channel="hotline", kind="inquiry" if i % 3 else "financing", by=LOCAL,
                  ubn=synthetic_ubn(i % 500), summary="想申請貸款",
                  contact=ContactInput(name="王小明", phone=f"02-2{i % 1000:03d}-{i:04d}"[:12]),
                  assignee="bench" if i % 20 == 0 else "other")
    client = Client()
    client.login(username="bench", password="bench-pass-2025")
    import re

    case_no = re.search(r'class="case-no" href="/desk/cases/([^/]+)/', client.get("/desk/").content.decode()).group(1)
    intake = {"action": "save", "channel": "hotline", "kind": "inquiry", "ubn": synthetic_ubn(9),
              "contact_name": "李", "contact_phone": "02-2345-6789", "summary": "問補助"}
    print(f"store: {os.environ['FUDAO_DB'].split(':')[0]}, {args.cases} cases, "
          f"{args.cases // 20} in the consultant's queue")
    for label, fn in [("my queue (/desk/)", lambda: client.get("/desk/")),
                      ("case list, 50 a page (/desk/cases/)", lambda: client.get("/desk/cases/")),
                      ("case list filtered (kind=financing)", lambda: client.get("/desk/cases/?kind=financing")),
                      ("case page with triage", lambda: client.get(f"/desk/cases/{case_no}/")),
                      ("intake POST to saved case", lambda: client.post("/desk/intake/", intake))]:
        p50, p95 = timed(fn, args.runs)
        print(f"{label:40s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
