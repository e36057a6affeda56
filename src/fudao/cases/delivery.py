"""The e-mail of a message to the enterprise and its delivery by the worker (DESIGN "Case
files and messages"): below `messages` (which writes and queues the message) and `tasks`
(which runs the delivery), so that neither imports the other."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from fudao.accounts.actors import LOCAL, Actor
from fudao.cases import attachments, history
from fudao.cases.ledger import history_row
from fudao.cases.models import Activity
from fudao.cases.vocabulary import MESSAGE_KINDS
from fudao.catalogue.service_contacts import service_contacts
from fudao.zhtext.rocdates import format_roc_date

log = logging.getLogger("fudao.cases")
REPLY_SALT = "fudao.cases.messages.reply-link"


def reply_token(message_id: int) -> str:
    """The signed token of a request_info message's reply link."""
    return signing.dumps({"m": message_id}, salt=REPLY_SALT, compress=False)


def link_days() -> int:
    """How many days a reply link stays valid."""
    return int(getattr(settings, "FUDAO_REPLY_LINK_DAYS", 30))


def message_mail(activity: Activity, base_url: str) -> EmailMessage:
    """The e-mail of one message (zh-TW), with the reply link for `request_info`."""
    case = activity.case
    kind = activity.data.get("kind", "")
    hotline = next(iter(service_contacts()), None)
    expires = timezone.localdate(activity.at + dt.timedelta(days=link_days()))
    context = {
        "case": case, "kind": kind, "kind_label": MESSAGE_KINDS.get(kind, "訊息"),
        "text": activity.data.get("text", ""),
        "greeting": case.contact_name or case.enterprise_name or "企業",
        "opened": format_roc_date(timezone.localdate(case.opened_at)),
        "expires": format_roc_date(expires), "max_mb": attachments.max_bytes() // (1024 * 1024),
        "link": base_url.rstrip("/") + reverse("case_reply", args=[reply_token(activity.pk)])
        if kind == "request_info" else "",
        "hotline": hotline.phone if hotline else "", "hotline_name": hotline.name if hotline else "",
    }
    subject = render_to_string("cases/mail/subject.txt", context).strip()
    body = render_to_string("cases/mail/body.txt", context).strip() + "\n"
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[activity.data.get("to") or case.contact_email])


def deliver(message_id: int, base_url: str) -> str:
    """Send one queued message (the worker's task): `sent`, `bounced` (the mail server refused
    it; recorded on the case with its history row, not retried), or `skipped` (not queued)."""
    with transaction.atomic():
        activity = (Activity.objects.select_for_update().select_related("case")
                    .filter(pk=message_id, type="message").first())
        if activity is None or activity.data.get("delivery") != "queued":
            return "skipped"
        mail = message_mail(activity, base_url)
        try:
            mail.send(fail_silently=False)
            outcome, error = "sent", ""
        except Exception as exc:  # an SMTP refusal or a server down: recorded as a bounce
            log.warning("message %s to the enterprise bounced: %s", message_id, type(exc).__name__)
            outcome, error = "bounced", type(exc).__name__
        now = timezone.now()
        activity.data = {**activity.data, "delivery": outcome, "delivered_at": now.isoformat(),
                         **({"error": error} if error else {})}
        activity.save(update_fields=["data"])
        system = Actor(username="系統寄送", role=LOCAL.role)
        history_row(activity.case, system, now, *history.message_delivery(activity.pk, "queued", outcome)).save()
    return outcome
