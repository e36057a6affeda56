"""A task whose worker died is run again, once (django-tasks' database backend does not).

Every `fudao worker` holds, while it lives, a PostgreSQL session advisory lock named after its
worker id, on a connection of its own. A task left RUNNING by a worker whose lock can be taken
(the worker's connection died with it: SIGKILL, a lost host) goes back to READY, and one live
worker claims it (db_worker's `SELECT … FOR UPDATE SKIP LOCKED`). On SQLite (one host) a worker
cannot die unseen by the others this way, so a task RUNNING for longer than
FUDAO_TASK_LEASE_SECONDS (default 600) is put back instead.

A task killed after its side effect and before its result was saved runs that effect twice:
the guarantee is at least once, and exactly once for every task whose worker lived.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import secrets
import threading
from typing import Any

log = logging.getLogger("fudao.worker")
LEASE_ENV = "FUDAO_TASK_LEASE_SECONDS"
REAP_EVERY_SECONDS = 5.0


def new_worker_id(host: str) -> str:
    """A worker id unique across hosts (db_worker allows 64 characters)."""
    return f"{host[:32]}-{os.getpid()}-{secrets.token_hex(4)}"


def lock_key(worker_id: str) -> int:
    """The advisory-lock key (a signed 64-bit integer) of a worker id."""
    return int.from_bytes(hashlib.sha256(worker_id.encode()).digest()[:8], "big", signed=True)


def _postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def hold_liveness_lock(worker_id: str) -> Any:
    """Take this worker's advisory lock on a connection of its own and keep it (returned) for
    the worker's life; None on SQLite."""
    if not _postgres():
        return None
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    conn = psycopg.connect(**{k: v for k, v in params.items() if k not in ("cursor_factory", "context")},
                           autocommit=True)
    conn.execute("SELECT pg_advisory_lock(%s)", (lock_key(worker_id),))
    return conn


def _worker_alive(cursor: Any, worker_id: str) -> bool:
    """Whether the worker still holds its lock (taking it means it is gone; released at once)."""
    key = lock_key(worker_id)
    cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
    if cursor.fetchone()[0]:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return False
    return True


def reclaim_orphans() -> int:
    """Put the RUNNING tasks of dead workers back to READY; how many. One transaction, each
    task row locked (SKIP LOCKED) so two reapers never both reclaim it."""
    from django.db import connection, transaction
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING)
        if _postgres():
            with connection.cursor() as cursor:
                orphans = [t.pk for t in running if t.worker_ids and not _worker_alive(cursor, t.worker_ids[-1])]
        else:
            lease = float(os.environ.get(LEASE_ENV, "600"))
            cutoff = timezone.now() - dt.timedelta(seconds=lease)
            orphans = [t.pk for t in running.filter(started_at__lt=cutoff)]
        if orphans:
            DBTaskResult.objects.filter(pk__in=orphans).update(status=TaskResultStatus.READY)
            log.warning("reclaimed %d task(s) of workers that died", len(orphans))
    return len(orphans)


def start_reaper(every: float = REAP_EVERY_SECONDS) -> threading.Event:
    """Reclaim orphaned tasks now and every `every` seconds in a daemon thread; set the returned
    event to stop it."""
    stop = threading.Event()

    def loop() -> None:
        from django.db import connection

        while True:
            try:
                reclaim_orphans()
            except Exception:  # the store may be briefly away; try again next round
                log.warning("reclaiming orphaned tasks failed", exc_info=True)
            finally:
                connection.close()
            if stop.wait(every):
                return

    threading.Thread(target=loop, name="fudao-task-reaper", daemon=True).start()
    return stop
