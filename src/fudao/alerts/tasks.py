"""The screening tasks of alerts (django-tasks, run by `fudao worker`), queued after a publish:
the subscriptions' digests, and the enterprises' fits the desk's 「新符合措施」 lists read."""

from __future__ import annotations

from django_tasks import task

from fudao.alerts.fits import refresh_fits
from fudao.alerts.running import run_alerts, site_url


@task()
def run_alerts_task(measure_ids: list[str] | None, site_url: str) -> dict[str, int]:
    """After a publish: screen the subscriptions and queue the digests."""
    return run_alerts(site_url=site_url, measure_ids=measure_ids)


@task()
def refresh_fits_task(measure_ids: list[str] | None) -> dict[str, int]:
    """After a publish: screen the enterprises on record and stamp the measures that started to fit."""
    return refresh_fits(measure_ids=measure_ids)


def after_publish(measure_ids: list[str] | None) -> None:
    """Queue the screening of the subscriptions and of the enterprises for the worker (a
    publish returns at once)."""
    run_alerts_task.enqueue(measure_ids, site_url())
    refresh_fits_task.enqueue(measure_ids)
