"""Benchmark of the service desk on one store (SQLite by default, PostgreSQL with --db):

1. `fudao import` of 40,000 cases + 2,000 visits (JSON Lines) into an empty store (target < 20 s);
2. intake to saved case: server time of POST /api/cases through Django's test client, p50/p95
   (target p95 < 50 ms);
3. with 100,000 cases in the store (bulk-made): a consultant's queue (mine, team) and the
   filtered list (GET /api/cases?status=&kind=&team=), p50/p95 (target p95 < 100 ms), and the
   same as the pages render them (/desk/ with its SLA clocks and counts, /desk/cases/?…),
   signed in by session.

    PYTHONPATH=src .venv/bin/python bench/desk.py [--db postgresql://…/scratch] [--cases 100000]

--db must name a scratch database: its desk tables are emptied. Prints a table; exits 1 when a
target is missed.
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

ROOT = Path(__file__).resolve().parents[1]
TEAMS = ["north", "central", "south", "east", "islands"]
CONSULTANTS = 50
TARGETS_MS = {"intake": 50.0, "queue": 100.0, "list": 100.0, "queue_page": 100.0, "list_page": 100.0}
IMPORT_TARGET_S = 20.0


def p(values: list[float], q: float) -> float:
    """The q-quantile (0-1) of the values, in the values' unit."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ubns(n: int) -> list[str]:
    """n valid 統一編號."""
    from fudao.zhtext.ubn import is_valid_ubn

    out, i = [], 30000000
    while len(out) < n:
        if is_valid_ubn(f"{i:08d}"):
            out.append(f"{i:08d}")
        i += 1
    return out


def write_import_file(path: Path, cases: int, visits: int) -> None:
    """A JSON Lines file of `cases` cases (numbered) and `visits` visit activities."""
    rng = random.Random(7)
    firms = ubns(max(1, cases // 4))
    start = dt.datetime(2024, 1, 2, 9, 0)
    step = max(1, (365 * 24 * 60) // cases)
    with path.open("w", encoding="utf-8") as f:
        numbers = []
        for i in range(cases):
            opened = start + dt.timedelta(minutes=step * i)
            case_no = f"{opened.year - 1911}-{i + 1:06d}"
            numbers.append((case_no, opened))
            f.write(json.dumps({
                "type": "case", "case_no": case_no, "channel": rng.choice(["hotline", "web", "walk_in"]),
                "kind": rng.choice(["inquiry", "counselling", "financing", "debt"]),
                "status": rng.choice(["new", "in_progress", "resolved", "closed"]),
                "opened_at": opened.isoformat() + "+08:00", "ubn": firms[i % len(firms)],
                "name": f"企業{i % len(firms)}", "contact_name": "陳小姐",
                "contact_phone": f"02-2{i % 1000:03d}-{i % 10000:04d}", "summary": "詢問補助與貸款"},
                ensure_ascii=False) + "\n")
        for j in range(visits):
            case_no, opened = numbers[j * (cases // max(visits, 1))]
            f.write(json.dumps({"type": "activity", "case_no": case_no, "activity": "visit",
                                "at": (opened + dt.timedelta(days=2)).isoformat() + "+08:00",
                                "by": "顧問甲", "mode": "onsite", "experts": ["林專家"]},
                               ensure_ascii=False) + "\n")


def empty_desk() -> None:
    """Remove every case, enterprise, user and team of the scratch store."""
    from django.contrib.auth import get_user_model

    from fudao.accounts.models import ApiToken, Staff, Team
    from fudao.cases.models import Activity, Case, CaseCounter, CaseMeasure, HistoryEntry
    from fudao.enterprises.models import Contact, Enterprise

    for model in (HistoryEntry, Activity, CaseMeasure):
        model.objects.all().delete()
    Case.objects.filter(merged_into__isnull=False).delete()
    for model in (Case, CaseCounter, Contact, Enterprise, ApiToken, Staff):
        model.objects.all().delete()
    get_user_model().objects.all().delete()
    Team.objects.all().delete()


def make_people() -> list[str]:
    """Five teams and 50 consultants (fast password hashing is not the point here)."""
    from django.contrib.auth import get_user_model

    from fudao.accounts.models import Staff, Team

    teams = [Team.objects.create(slug=s, name=s) for s in TEAMS]
    names = []
    for i in range(CONSULTANTS):
        user = get_user_model().objects.create(username=f"c{i:02d}")
        Staff.objects.create(user=user, role="consultant", team=teams[i % len(teams)])
        names.append(user.username)
    return names


def bulk_cases(total: int) -> None:
    """Fill the store up to `total` cases, spread over the consultants and teams (with history)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from fudao.accounts.models import Staff
    from fudao.bulk import insert_rows
    from fudao.cases import sla
    from fudao.cases.models import Case, CaseCounter, HistoryEntry

    have = Case.objects.count()
    staff = list(Staff.objects.select_related("user"))
    rng = random.Random(11)
    now = timezone.now()
    statuses = ["new", "triaged", "in_progress", "waiting_enterprise", "resolved", "closed"]
    kinds = ["inquiry", "counselling", "financing", "debt", "consultation_day"]
    seq = 0
    while have < total:
        batch = []
        for _ in range(min(5000, total - have)):
            seq += 1
            s = staff[rng.randrange(len(staff))]
            opened = now - dt.timedelta(minutes=rng.randrange(1, 500 * 24 * 60))
            kind = rng.choice(kinds)
            batch.append(Case(case_no=f"90-{seq:06d}", channel="hotline", kind=kind,
                              status=rng.choice(statuses), opened_at=opened,
                              team_id=s.team_id if rng.random() < 0.9 else None,
                              assignee_id=s.user_id if rng.random() < 0.7 else None,
                              first_response_due=opened + dt.timedelta(hours=8),
                              resolution_due=opened + dt.timedelta(days=rng.choice([3, 20])),
                              summary="bench", needs=[]))
        with transaction.atomic():
            insert_rows(Case, batch)
            ids = Case.objects.filter(case_no__in=[c.case_no for c in batch]).values_list("id", "opened_at")
            insert_rows(HistoryEntry, [HistoryEntry(case_id=i, at=at, by_name="bench", field="status", new="new")
                                       for i, at in ids])
        have += len(batch)
    CaseCounter.objects.update_or_create(year=90, defaults={"last": seq})
    _ = (get_user_model, sla)


def timed(fn, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds of n calls of fn (after 3 warm-up calls)."""
    for _ in range(3):
        fn()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a scratch PostgreSQL database (default: a new SQLite file)")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--import-cases", type=int, default=40_000)
    parser.add_argument("--visits", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fudao-desk-bench-"))
    db = args.db or f"sqlite:///{work / 'store.sqlite3'}"
    os.environ.update(FUDAO_DB=db, FUDAO_DATA_DIR=str(work / "data"))
    os.environ.setdefault("PYTHONPATH", str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "src"))
    fudao = [sys.executable, "-m", "fudao.cli.main"]
    subprocess.run([*fudao, "migrate"], check=True, capture_output=True)
    from fudao import bootstrap

    bootstrap.setup()
    from django.db import connection

    empty_desk()
    rows = []

    # 1. fudao import
    data = work / "past.jsonl"
    write_import_file(data, args.import_cases, args.visits)
    t0 = time.perf_counter()
    done = subprocess.run([*fudao, "import", str(data), "--json"], capture_output=True, text=True)
    import_s = time.perf_counter() - t0
    report = json.loads(done.stdout)
    assert done.returncode == 0 and not report["errors"], done.stderr[:500]
    rows.append((f"fudao import ({args.import_cases} cases + {args.visits} visits)", "total",
                 f"{import_s:.1f} s", f"< {IMPORT_TARGET_S:.0f} s", import_s < IMPORT_TARGET_S))

    # 2. the store at 100,000 cases, 50 consultants
    names = make_people()
    bulk_cases(args.cases)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from django.test import Client

    from fudao.accounts.services import actor_by_name, issue_token
    from fudao.cases.selectors import CaseFilters, list_cases, queue

    token = issue_token(username=names[0])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = json.dumps({"channel": "hotline", "kind": "inquiry", "ubn": "04595257", "name": "甲公司",
                       "contact": {"name": "王小明", "phone": "02-2345-6789"}, "summary": "出口貸款"})

    def intake() -> None:
        r = client.post("/api/cases", data=body, content_type="application/json")
        assert r.status_code == 201, r.content

    actor = actor_by_name(names[0])
    from django.contrib.auth import get_user_model

    browser = Client()
    browser.force_login(get_user_model().objects.get(username=names[0]))

    def page(path: str) -> None:
        r = browser.get(path)
        assert r.status_code == 200, r.status_code

    figures = {
        "intake": ("POST /api/cases (intake → saved case)", timed(intake, args.repeat)),
        "queue": ("my queue: mine + team (selector)", timed(lambda: (queue(actor, scope="mine"),
                                                                      queue(actor, scope="team")), args.repeat)),
        "list": ("GET /api/cases?status=in_progress&kind=inquiry&team=north",
                 timed(lambda: client.get("/api/cases?status=in_progress&kind=inquiry&team=north").json(),
                       args.repeat)),
        "queue_page": ("my queue page (/desk/, mine and team, SLA clocks)", timed(lambda: page("/desk/"), args.repeat)),
        "list_page": ("case list page (/desk/cases/?status=in_progress&kind=inquiry)",
                      timed(lambda: page("/desk/cases/?status=in_progress&kind=inquiry"), args.repeat)),
    }
    listed = list_cases(actor, CaseFilters(status="in_progress"))
    for key, (label, ms) in figures.items():
        rows.append((label, f"p50 {p(ms, .5):.1f} ms", f"p95 {p(ms, .95):.1f} ms", f"< {TARGETS_MS[key]:.0f} ms",
                     p(ms, .95) < TARGETS_MS[key]))
    from fudao.cases.models import Case

    print(f"store: {connection.vendor} · {Case.objects.count():,} cases · a consultant sees "
          f"{listed['count']:,} in progress · {args.repeat} requests each")
    print(f"{'measure':<60} {'':>14} {'figure':>14} {'target':>9}  ok")
    for label, a, b, target, ok in rows:
        print(f"{label:<60} {a:>14} {b:>14} {target:>9}  {'✓' if ok else '✗'}")
    return 0 if all(r[4] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
