"""Background tasks of alerts (django-tasks, run by `fudao worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_confirmation_mail(subscription_id: int, site_url: str) -> bool:
    """E-mail a new subscription its confirmation link (double opt-in)."""
    from fudao.alerts.notify import send_confirmation

    return send_confirmation(subscription_id, site_url)
