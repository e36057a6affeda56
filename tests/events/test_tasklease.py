"""A task left RUNNING by a worker that died goes back to the queue (fudao.tasklease); one whose
worker lives stays with it."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.store


def _running(worker_id: str, *, minutes_ago: float):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from fudao.events.tasks import send_promotion_mail

    result = send_promotion_mail.enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", worker_ids=[worker_id], started_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    return result.id


def _status(pk) -> str:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.get(pk=pk).status


@pytest.mark.django_db(transaction=True)
def test_a_dead_workers_task_is_queued_again_and_a_live_ones_is_not(monkeypatch):
    from django.db import connection

    from fudao import tasklease

    monkeypatch.setenv(tasklease.LEASE_ENV, "60")
    if connection.vendor == "postgresql":  # liveness: the worker's advisory lock
        alive = tasklease.hold_liveness_lock("alive-1")
        dead, live = _running("dead-1", minutes_ago=0), _running("alive-1", minutes_ago=30)
        try:
            assert tasklease.reclaim_orphans() == 1
        finally:
            alive.close()
        assert (_status(dead), _status(live)) == ("READY", "RUNNING")
        assert tasklease.reclaim_orphans() == 1 and _status(live) == "READY"  # its worker is gone now
    else:  # one host on SQLite: the lease
        old, recent = _running("w-1", minutes_ago=2), _running("w-2", minutes_ago=0.1)
        assert tasklease.reclaim_orphans() == 1
        assert (_status(old), _status(recent)) == ("READY", "RUNNING")
    assert tasklease.reclaim_orphans() == 0
