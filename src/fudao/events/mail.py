"""The e-mails to registrants, composed and sent now (the worker's tasks call these): the
confirmation of a new registration with its private cancel link, and the notice to one moved
up from the waitlist. Sent through Django's mail backend (`FUDAO_EMAIL_BACKEND`); a mail server
that fails is logged and never undoes the registration or the promotion. The worker sends the
cancel link only if the sealed token still matches the registration's digest."""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from fudao.events.models import Registration
from fudao.events.tokens import open_token, token_digest

log = logging.getLogger("fudao.events")


def promotion_message(registration_id: int) -> tuple[str, str, str] | None:
    """(subject, body, recipient) of the promotion e-mail, or None without an e-mail address."""
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
    return _send(promotion_message(registration_id), "promotion", registration_id)


def _send(message: tuple[str, str, str] | None, what: str, registration_id: int) -> bool:
    """Send a (subject, body, recipient) e-mail; False when there is none or sending failed
    (the registration or promotion stands; the failure is logged for the operator)."""
    if message is None:
        return False
    subject, body, to = message
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:
        log.exception("%s e-mail to registration %s failed", what, registration_id)
        return False
    return True


def confirmation_message(registration_id: int, sealed_token: str,
                         site_url: str) -> tuple[str, str, str] | None:
    """(subject, body, recipient) of the confirmation e-mail, or None: no e-mail address, the
    registration cancelled since, a token that does not open or no longer matches, a site
    address that is not http(s)."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or not registration.email or registration.status == "cancelled":
        return None
    token = open_token(sealed_token)
    if not token or not hmac.compare_digest(token_digest(token), registration.token_digest):
        log.warning("confirmation e-mail of registration %s: the cancel token does not match", registration_id)
        return None
    if not site_url.startswith(("http://", "https://")):
        log.warning("confirmation e-mail of registration %s: bad site address %r", registration_id, site_url)
        return None
    event = registration.event
    link = site_url.rstrip("/") + reverse("events:cancel", args=[event.event_id, token])
    starts = timezone.localtime(event.starts_at)
    if registration.status == "waitlisted":
        subject = f"候補登記確認：{event.title}"
        state = (f"本場次已額滿，您已列入「{event.title}」的候補，目前為候補第 {registration.position} 位；"
                 "有名額釋出時將依序遞補並以電子郵件通知。")
    else:
        subject = f"報名確認：{event.title}"
        state = f"您已完成「{event.title}」的報名。"
    body = (f"{registration.name} 您好：\n\n{state}\n"
            f"時間：{starts:%Y-%m-%d %H:%M}\n"
            f"地點：{event.venue or '另行通知'}\n\n"
            "如需取消報名，請開啟以下專屬取消連結（請勿轉寄他人）：\n"
            f"{link}\n\n"
            "經濟部企業輔導服務\n")
    return subject, body, registration.email


def send_confirmation(registration_id: int, sealed_token: str, site_url: str) -> bool:
    """Send the confirmation e-mail now; False when there is nothing to send or sending failed."""
    return _send(confirmation_message(registration_id, sealed_token, site_url), "confirmation", registration_id)
