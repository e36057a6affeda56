"""The e-mail tasks of alerts (django-tasks, run by `fudao worker`): the confirmation link of a
new subscription, one digest, and the digests of one screening in batches (one task per
BATCH digests, so that queueing thousands of them is a few inserts)."""

from __future__ import annotations

from django_tasks import task

from fudao.alerts.notify import send_alert, send_confirmation


@task()
def send_confirmation_mail(subscription_id: int, site_url: str) -> bool:
    """E-mail a new subscription its confirmation link (double opt-in)."""
    return send_confirmation(subscription_id, site_url)


@task()
def send_alert_mail(alert_id: int, site_url: str) -> bool:
    """Send one digest (nothing once the subscriber unsubscribed or it was sent)."""
    return send_alert(alert_id, site_url)


BATCH = 200


@task()
def send_alert_mails(alert_ids: list[int], site_url: str) -> int:
    """Send a batch of digests, each once (a retried batch skips those already sent); how many
    were sent."""
    return sum(1 for alert_id in alert_ids if send_alert(alert_id, site_url))
