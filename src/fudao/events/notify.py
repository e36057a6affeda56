"""E-mail to a registrant moved up from the waitlist: queued for the background worker
(`fudao worker`) once the transaction that promoted them commits, then sent through Django's
mail backend (`FUDAO_EMAIL_BACKEND`); a mail server that fails is logged and never undoes the
promotion."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

log = logging.getLogger("fudao.events")


def promoted(registration_id: int) -> None:
    """Queue the promotion e-mail of this registration for the worker, after the current commit."""
    from fudao.events.tasks import send_promotion_mail

    transaction.on_commit(lambda: send_promotion_mail.enqueue(registration_id))


def promotion_message(registration_id: int) -> tuple[str, str, str] | None:
    """(subject, body, recipient) of the promotion e-mail, or None without an e-mail address."""
    from fudao.events.models import Registration

    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or not registration.email or registration.status != "registered":
        return None
    event = registration.event
    starts = timezone.localtime(event.starts_at)
    subject = f"候補轉正取通知：{event.title}"
    body = (f"{registration.name} 您好：\n\n"
            f"您候補的活動「{event.title}」已有名額釋出，您的報名已轉為正取。\n"
            f"時間：{starts:%Y-%m-%d %H:%M}\n"
            f"地點：{event.venue or '另行通知'}\n\n"
            "如無法出席，請使用報名時取得的取消連結取消報名，讓名額留給其他候補者。\n"
            "經濟部企業輔導服務\n")
    return subject, body, registration.email


def send_promotion(registration_id: int) -> bool:
    """Send the promotion e-mail now; False when there is nothing to send or sending failed."""
    message = promotion_message(registration_id)
    if message is None:
        return False
    subject, body, to = message
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:  # the promotion stands; the failure is the operator's to see
        log.exception("promotion e-mail to registration %s failed", registration_id)
        return False
    return True
