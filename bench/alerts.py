"""Benchmark of alerts on PostgreSQL: 100,000 confirmed subscriptions, one measure published.

1. Unless present, save 100,000 confirmed subscriptions (random profiles of the profile
   vocabulary, seed 27), each starting from what the measure's current rules gave it (its
   `last_state`, as a confirmation records it). Not timed.
2. Publish the measure's changed rules (`load_version`, as `fudao rules load --publish`: for
   m-093c6d67 section G is admitted besides H) and time what the worker does with the task the
   publish queued: the screening of every subscription in SQL, the comparison with each one's
   last state, the digests written and their e-mails queued (target < 10 s).
3. Run the real worker (`fudao worker --once`) with the file e-mail backend and time it: the
   digests sent per second.

Usage: python bench/alerts.py [--pg postgresql://postgres@127.0.0.1:5432/fudao_h27]
       [--subscriptions 100000] [--measure m-093c6d67]
Create the database first: createdb -h 127.0.0.1 -U postgres fudao_h27
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def changed_rule(measure: str) -> tuple[str, str]:
    """The measure's shipped rules file with section G admitted (its tests unchanged)."""
    from fudao.rules.loader import DATA_DIR

    text = (DATA_DIR / f"{measure}.yaml").read_text(encoding="utf-8")
    wider = text.replace("in: [H]", "in: [H, G]")
    if wider == text:
        sys.exit(f"{measure}: no `in: [H]` to widen; choose another --measure")
    return wider, (DATA_DIR / f"{measure}.tests.yaml").read_text(encoding="utf-8")


def seed(count: int, measure: str) -> int:
    """Save `count` confirmed subscriptions with their last state for `measure`; returns how many
    were added (none when the store already holds that many)."""
    from django.utils import timezone

    from fudao.alerts.models import Subscription
    from fudao.alerts.screening import screen_subscriptions
    from fudao.alerts.services import PURPOSE
    from fudao.rules.random_profiles import random_profile
    from fudao.rules.selectors import published_rules

    have = Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True).count()
    if have >= count:
        return 0
    rng = random.Random(27)
    now = timezone.now()
    rows = [Subscription(email=f"bench{i}@example.tw", purpose=PURPOSE, consent_at=now, confirmed_at=now,
                         consent_by_name="本人",
                         profile={k: v for k, v in random_profile(rng, 0.35).items() if v is not None})
            for i in range(have, count)]
    Subscription.objects.bulk_create(rows, batch_size=5000)
    groups: dict[tuple[str, int | None], list[int]] = {}
    for sid, _mid, status, _missing, cap in screen_subscriptions([published_rules()[measure]], timezone.localdate()):
        groups.setdefault((status, cap), []).append(sid)
    for (status, cap), ids in groups.items():
        for start in range(0, len(ids), 10_000):
            Subscription.objects.filter(pk__in=ids[start:start + 10_000]).update(
                last_state={measure: {"status": status, "cap": cap}})
    return len(rows)


def publish_and_screen(measure: str) -> tuple[float, dict[str, int]]:
    """Publish the changed rules; run the screening task the publish queued, timed."""
    from django.test import TestCase
    from django_tasks_db.models import DBTaskResult

    from fudao.accounts.actors import LOCAL
    from fudao.alerts.tasks import run_alerts_task
    from fudao.rules.services import load_version

    text, tests = changed_rule(measure)
    DBTaskResult.objects.filter(status="READY").delete()  # nothing left over from an earlier run
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = load_version(filename=f"{measure}.yaml", rule_text=text, tests_text=tests, publish=True, by=LOCAL)
    if not done["published_now"]:
        sys.exit(f"{measure}: these rules are already published; use a fresh database")
    row = DBTaskResult.objects.get(task_path=run_alerts_task.module_path, status="READY")
    start = time.perf_counter()
    result = run_alerts_task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    seconds = time.perf_counter() - start
    DBTaskResult.objects.filter(pk=row.pk).update(status="SUCCESSFUL")
    return seconds, result


def send_all(pg: str) -> tuple[float, int, float]:
    """`fudao worker --once` with the file backend: (seconds, digests sent, digests a second
    between the first and the last sent)."""
    from django.db.models import Max, Min

    from fudao.alerts.models import Alert

    before = Alert.objects.filter(sent_at__isnull=False).count()
    started = time.time()
    with tempfile.TemporaryDirectory() as mail:
        env = dict(os.environ, FUDAO_DB=pg, FUDAO_EMAIL_BACKEND="file", FUDAO_EMAIL_FILE_PATH=mail,
                   FUDAO_DATA_DIR=str(Path(mail) / "data"))
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "fudao.cli.main", "worker", "--once"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
    sent = Alert.objects.filter(sent_at__isnull=False).count() - before
    span = Alert.objects.filter(sent_at__gte=dt.datetime.fromtimestamp(started, dt.UTC)).aggregate(
        first=Min("sent_at"), last=Max("sent_at"))
    between = (span["last"] - span["first"]).total_seconds() if span["first"] else 0.0
    return seconds, sent, (sent - 1) / between if between else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default=os.environ.get("FUDAO_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/fudao_h27"))
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--measure", default="m-093c6d67")
    args = parser.parse_args()
    os.environ["FUDAO_DB"] = args.pg
    from fudao import bootstrap

    bootstrap.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from fudao.alerts.models import Alert, Subscription

    start = time.perf_counter()
    added = seed(args.subscriptions, args.measure)
    total = Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True).count()
    print(f"{total:,} confirmed subscriptions ({added:,} added in {time.perf_counter() - start:.1f} s)")
    seconds, result = publish_and_screen(args.measure)
    items = sum(len(a.items) for a in Alert.objects.filter(sent_at__isnull=True).only("items"))
    print(f"publish of {args.measure}: screened {result['screened']:,} subscriptions, queued "
          f"{result['queued']:,} digests ({items:,} news items) in {seconds:.2f} s (target < 10 s)")
    sent_seconds, sent, rate = send_all(args.pg)
    print(f"worker (file backend): {sent:,} digests sent in {sent_seconds:.1f} s "
          f"(process start and the sweep included) — {rate:.0f} a second from the first to the last")


if __name__ == "__main__":
    sys.path.insert(0, str(SRC))
    main()
