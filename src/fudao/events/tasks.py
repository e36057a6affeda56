"""Background tasks of events (django-tasks, run by `fudao worker`): the confirmation e-mail
of a new registration and the promotion e-mail."""

from __future__ import annotations

from django_tasks import task

from fudao.events.mail import send_confirmation, send_promotion


@task()
def send_promotion_mail(registration_id: int) -> bool:
    """E-mail a registrant moved up from the waitlist (nothing when they have no address or are
    no longer registered)."""
    return send_promotion(registration_id)


@task()
def send_registration_mail(registration_id: int, sealed_token: str, site_url: str) -> bool:
    """E-mail a new registrant the confirmation with their private cancel link (nothing when
    they have no address or have cancelled since)."""
    return send_confirmation(registration_id, sealed_token, site_url)
