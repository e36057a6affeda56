"""Benchmark of the follow-up machinery on a temp SQLite store (or FUDAO_DB).

1. Open N (default 2,000) cases and log a submitted and an approved application on each,
   40 days back (each approval schedules a follow-up through `log_activity`): activities/s.
2. Time `followups.due` for the supervisor who sees them all (the `fudao followups due` read).
3. Time one sweep that sends N reminders (locmem mail backend), then a second sweep that
   sends nothing (the idempotence check).

Usage: python bench/followups.py [--n 2000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("FUDAO_DATA_DIR", tempfile.mkdtemp(prefix="fudao-bench-"))
    os.environ["FUDAO_EMAIL_BACKEND"] = "locmem"
    from fudao import bootstrap

    bootstrap.setup()
    from django.core import mail
    from django.utils import timezone

    from fudao.accounts.services import actor_by_name, add_team, add_user
    from fudao.cases import followups
    from fudao.cases.reminders import sweep
    from fudao.cases.services import log_activity, open_case

    add_team(slug="north", name="北區服務中心", counties=["臺北市"])
    add_user(username="alice", role="consultant", password="Alice-pass-2024", team="north", email="a@example.tw")
    add_user(username="sue", role="supervisor", password="Sue-pass-2024", team="north", email="s@example.tw")
    alice, sue = actor_by_name("alice"), actor_by_name("sue")
    back = timezone.now() - dt.timedelta(days=60)
    mail.outbox = []
    start = time.perf_counter()
    for _ in range(args.n):
        case = open_case(channel="hotline", kind="counselling", by=alice, assignee="alice", opened_at=back)
        for stage, amount, days in (("submitted", None, 45), ("approved", "100萬", 40)):
            log_activity(case_no=case.case_no, type="application", by=alice,
                         data={"measure_id": "smb-diverse-loan-plus", "stage": stage, "amount_twd": amount},
                         at=timezone.now() - dt.timedelta(days=days))
    logged = time.perf_counter() - start
    start = time.perf_counter()
    due = followups.due(sue)
    read = time.perf_counter() - start
    start = time.perf_counter()
    first = sweep()
    swept = time.perf_counter() - start
    start = time.perf_counter()
    second = sweep()
    again = time.perf_counter() - start
    print(f"{args.n} cases, {2 * args.n} application records: {2 * args.n / logged:,.0f} activities/s "
          f"(each approval schedules its follow-up)")
    print(f"followups.due (supervisor, {due['count']} due): {read * 1000:.0f} ms")
    print(f"sweep 1: {first.sent} reminders in {swept:.2f} s ({first.sent / swept:,.0f}/s); "
          f"sweep 2: {second.sent} sent in {again * 1000:.0f} ms; outbox {len(mail.outbox)}")


if __name__ == "__main__":
    main()
