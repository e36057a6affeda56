"""The screening task of alerts (django-tasks, run by `fudao worker`), queued after a publish."""

from __future__ import annotations

from django_tasks import task

from fudao.alerts.running import run_alerts, site_url


@task()
def run_alerts_task(measure_ids: list[str] | None, site_url: str) -> dict[str, int]:
    """After a publish: screen the subscriptions and queue the digests."""
    return run_alerts(site_url=site_url, measure_ids=measure_ids)


def after_publish(measure_ids: list[str] | None) -> None:
    """Queue the screening of the subscriptions for the worker (a publish returns at once)."""
    run_alerts_task.enqueue(measure_ids, site_url())
