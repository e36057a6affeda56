"""E-mails to registrants, queued for the background worker (`fudao worker`) once the
transaction that wrote the registration commits: the confirmation of a new registration (its
cancel token sealed for the queue) and the notice to one moved up from the waitlist."""

from __future__ import annotations

from django.db import transaction

from fudao.events.tasks import send_promotion_mail, send_registration_mail
from fudao.events.tokens import seal_token


def promoted(registration_id: int) -> None:
    """Queue the promotion e-mail of this registration for the worker, after the current commit."""
    transaction.on_commit(lambda: send_promotion_mail.enqueue(registration_id))


def registered(registration_id: int, token: str, site_url: str) -> None:
    """Queue the confirmation e-mail of a new registration (with its cancel link on the site at
    `site_url`) for the worker, after the current commit."""
    sealed = seal_token(token)
    transaction.on_commit(lambda: send_registration_mail.enqueue(registration_id, sealed, site_url))
