"""`fudao worker`: the background worker (django-tasks' database backend, no broker) that
sweeps due follow-ups every few seconds and sends their reminders. Several workers on several
hosts share the queue; a task of a worker that died is run again (fudao.tasklease)."""

from __future__ import annotations

import typer

from fudao.cli.common import emit_json, fail, ready


def register(app: typer.Typer) -> None:
    """Add `fudao worker` to the app."""
    app.command("worker", help="執行背景工作：定期寄送到期追蹤的提醒信並更新逾期標記。")(worker)


def worker(
    once: bool = typer.Option(False, "--once", help="排入一次掃描，執行完佇列中所有工作後結束"),
    every: int = typer.Option(None, "--every", help="掃描間隔秒數（預設 FUDAO_SWEEP_SECONDS 或 300）"),
    interval: float = typer.Option(1.0, "--interval", help="佇列空時，幾秒後再檢查"),
    as_json: bool = typer.Option(False, "--json", help="--once 時以 JSON 輸出掃描結果"),
) -> None:
    """Run the worker loop (db_worker) with a periodic sweep queued; --once runs one sweep
    and every task already due, then exits."""
    if every is not None and every < 1:
        fail("--every 須為正整數（秒）")
    if interval < 0:
        fail("--interval 不可為負數")
    ready()
    from django.conf import settings
    from django.core.management import call_command

    from fudao import tasklease
    from fudao.cases import tasks
    from fudao.logs import host_name

    worker_id = tasklease.new_worker_id(host_name())
    liveness = tasklease.hold_liveness_lock(worker_id)  # noqa: F841  # held while this process lives
    reaper = tasklease.start_reaper()
    if once:
        tasks.schedule_sweep(every_seconds=None)
    elif tasks.pending_sweeps() == 0:
        tasks.schedule_sweep(every_seconds=every or settings.FUDAO_SWEEP_SECONDS)
    call_command("db_worker", batch=once, interval=interval, reload=False, startup_delay=False,
                 worker_id=worker_id, verbosity=0 if as_json else 1)
    reaper.set()
    if once and as_json:
        from django_tasks_db.models import DBTaskResult

        last = (DBTaskResult.objects.filter(task_path=tasks.SWEEP_PATH, status="SUCCESSFUL")
                .order_by("-finished_at").first())
        emit_json({"sweep": last.return_value if last else None})
