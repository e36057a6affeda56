"""The e-mails of alerts: the confirmation (double opt-in) and, later, the digests. Every one
carries the one-click unsubscribe link (and the `List-Unsubscribe` header, RFC 8058) and the
link where the subscriber sees and deletes what is kept."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from fudao.alerts.models import Subscription
from fudao.alerts.services import make_token

log = logging.getLogger("fudao.alerts")


def link(site_url: str, name: str, subscription_id: int, kind: str) -> str:
    """The absolute address of one of a subscription's links."""
    return site_url.rstrip("/") + reverse(name, args=[make_token(subscription_id, kind)])


def footer(site_url: str, subscription_id: int) -> tuple[str, str]:
    """(the text every e-mail ends with, the unsubscribe address)."""
    stop = link(site_url, "alerts-unsubscribe", subscription_id, "unsubscribe")
    mine = link(site_url, "alerts-mine", subscription_id, "mine")
    text = (f"\n查看或刪除我們保存的您的資料：{mine}\n"
            f"取消通知（按一下即生效）：{stop}\n"
            "經濟部企業輔導服務\n")
    return text, stop


def send(subscription: Subscription, subject: str, body: str, site_url: str) -> bool:
    """Send one e-mail with the footer and the List-Unsubscribe headers; False when it failed
    (logged; the subscription is unchanged)."""
    text, stop = footer(site_url, subscription.pk)
    message = EmailMessage(subject, body + text, settings.DEFAULT_FROM_EMAIL, [subscription.email],
                           headers={"List-Unsubscribe": f"<{stop}>",
                                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    try:
        message.send()
    except Exception:
        log.exception("alerts e-mail to subscription %s failed", subscription.pk)
        return False
    return True


def send_confirmation(subscription_id: int, site_url: str) -> bool:
    """The confirmation e-mail of a pending subscription (nothing once confirmed, unsubscribed
    or deleted)."""
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at or subscription.unsubscribed_at:
        return False
    confirm = link(site_url, "alerts-confirm", subscription.pk, "confirm")
    who = ("" if subscription.consent_by_name in ("", "本人")
           else f"（由輔導顧問 {subscription.consent_by_name} 依您的同意代為登記）")
    body = ("您好：\n\n"
            f"我們收到以此電子郵件地址訂閱「有新的措施符合時通知我」的申請{who}。\n"
            f"用途：{subscription.purpose}\n\n"
            f"請於 7 天內按下列連結確認，確認前我們不會寄送任何通知：\n{confirm}\n\n"
            "若您沒有提出申請，請忽略本信，資料將於 7 天後自動刪除。\n")
    return send(subscription, "請確認訂閱：有新的輔導措施符合時通知我", body, site_url)
