"""Background tasks of alerts (django-tasks, run by `fudao worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_confirmation_mail(subscription_id: int, site_url: str) -> bool:
    """E-mail a new subscription its confirmation link (double opt-in)."""
    from fudao.alerts.notify import send_confirmation

    return send_confirmation(subscription_id, site_url)


@task()
def run_alerts_task(measure_ids: list[str] | None, site_url: str) -> dict[str, int]:
    """After a publish: screen the subscriptions and queue the digests."""
    from fudao.alerts.running import run_alerts

    return run_alerts(site_url=site_url, measure_ids=measure_ids)


@task()
def send_alert_mail(alert_id: int, site_url: str) -> bool:
    """Send one digest (nothing once the subscriber unsubscribed or it was sent)."""
    from fudao.alerts.notify import send_alert

    return send_alert(alert_id, site_url)
