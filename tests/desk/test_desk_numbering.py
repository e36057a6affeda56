"""Case numbers: sequential within the 民國 year of opening, kept when imported, and never handed
out twice by concurrent workers (real threads, each with its own connection, on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest

TPE = ZoneInfo("Asia/Taipei")
THREADS, EACH = 8, 25


@pytest.mark.store
def test_numbers_follow_the_roc_year_of_opening(db):
    from fudao.accounts.actors import LOCAL
    from fudao.cases.services import open_case

    def opened(when: str) -> str:
        return open_case(channel="web", kind="inquiry", by=LOCAL,
                         opened_at=dt.datetime.fromisoformat(when).replace(tzinfo=TPE)).case_no

    assert opened("2023-12-31T23:59") == "112-000001"
    assert opened("2024-01-01T00:00") == "113-000001"  # Taipei time decides the year
    assert opened("2023-06-01T10:00") == "112-000002"
    from fudao.cases.numbering import keep_case_no

    keep_case_no("113-000500")
    keep_case_no("113-000100")  # never moves the counter back
    assert opened("2024-05-01T10:00") == "113-000501"


@pytest.mark.store
@pytest.mark.django_db(transaction=True)
def test_concurrent_opens_never_share_a_number():
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("concurrent writers need PostgreSQL (run with FUDAO_DB=postgresql://…)")
    from django.db import connections

    from fudao.accounts.actors import LOCAL
    from fudao.cases.services import open_case

    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(EACH):
                case = open_case(channel="hotline", kind="inquiry", by=LOCAL)
                with lock:
                    numbers.append(case.case_no)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert len(numbers) == THREADS * EACH == len(set(numbers))
    seqs = sorted(int(n.split("-")[1]) for n in numbers)
    assert seqs == list(range(1, THREADS * EACH + 1))  # consecutive, none skipped
