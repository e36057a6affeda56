"""Background tasks of events (django-tasks, run by `fudao worker`): the promotion e-mail."""

from __future__ import annotations

from django_tasks import task


@task()
def send_promotion_mail(registration_id: int) -> bool:
    """E-mail a registrant moved up from the waitlist (nothing when they have no address or are
    no longer registered)."""
    from fudao.events.notify import send_promotion

    return send_promotion(registration_id)
