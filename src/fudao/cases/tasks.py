"""Background tasks (django-tasks, run by `fudao worker` on the database backend): the
periodic sweep of due follow-ups."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from fudao.cases.delivery import deliver
from fudao.cases.reminders import sweep

SWEEP_PATH = "fudao.cases.tasks.sweep_follow_ups"
# Later apps' periodic work run by each sweep (the alerts add theirs when they start):
# name in the sweep's result → a function returning what it did.
PERIODIC: dict[str, Callable[[], Any]] = {}


@task()
def sweep_follow_ups(every_seconds: int | None = None) -> dict[str, Any]:
    """Send the reminders of due follow-ups and recompute overdue flags; with
    `every_seconds`, enqueue the next sweep that many seconds later (the periodic chain)."""
    result = dataclasses.asdict(sweep())
    for name, work in PERIODIC.items():
        result[name] = work()
    if every_seconds:
        schedule_sweep(every_seconds=every_seconds, delay_seconds=every_seconds)
    return result


def pending_sweeps() -> int:
    """Periodic sweeps waiting in the queue (ready or scheduled for later)."""
    return DBTaskResult.objects.filter(task_path=SWEEP_PATH, status="READY").count()


def schedule_sweep(*, every_seconds: int | None, delay_seconds: float = 0) -> None:
    """Enqueue a sweep `delay_seconds` from now (repeating every `every_seconds` when given)."""
    run_after = timezone.now() + dt.timedelta(seconds=delay_seconds) if delay_seconds else None
    chosen = sweep_follow_ups.using(run_after=run_after) if run_after else sweep_follow_ups
    chosen.enqueue(every_seconds=every_seconds)


@task()
def send_case_message(message_id: int, site_url: str) -> str:
    """E-mail one queued message to the enterprise (`fudao.cases.delivery.deliver`): sent, or
    bounced and recorded on the case."""
    return deliver(message_id, site_url)
