"""The e-mails of alerts: the confirmation (double opt-in) and, later, the digests. Every one
carries the one-click unsubscribe link (and the `List-Unsubscribe` header, RFC 8058) and the
link where the subscriber sees and deletes what is kept."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from fudao.alerts.models import Subscription
from fudao.alerts.tokens import make_token
from fudao.zhtext.amounts import format_twd

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


def _amount(value: int | None) -> str:
    return format_twd(value) if value else "文件未載明或視您的資料而定"


def digest_body(alert: Any, site_url: str) -> str:
    """The text of a digest: each measure with what changed, reasons, cap, window, cited lines."""
    from fudao.rules.profile import fact_label

    lines = ["您好：", "", "依您留下的企業資料，以下輔導措施有新的變動：", ""]
    for item in alert.items:
        lines.append(f"■ {item['name']}：{item['kind_label']}")
        lines.append(f"  金額上限：{_amount(item['max_amount_twd'])}")
        for reason in item["reasons"][:4]:
            lines.append(f"  ・{reason}")
        if item["missing_facts"]:
            lines.append("  尚缺資料：" + "、".join(fact_label(k) for k in item["missing_facts"]))
        if item["window_label"]:
            lines.append(f"  受理期間：{item['window_label']}")
        for src in item["sources"]:
            if src.get("doc"):
                start, end = src["line_start"], src["line_end"]
                lines.append(f"  依據：{src['doc']} 第 {start}–{end} 行 "
                             f"{site_url.rstrip('/')}/documents/{src['doc']}/?hl={start}-{end}#L{start}")
        lines.append(f"  詳情：{site_url.rstrip('/')}{reverse('measure_detail', args=[item['measure_id']])}")
        lines.append("")
    lines.append("實際資格以主管機關審查為準。")
    return "\n".join(lines)


def send_alert(alert_id: int, site_url: str) -> bool:
    """Send a queued digest once; not to a subscriber who unsubscribed since it was queued."""
    from django.utils import timezone

    from fudao.alerts.models import Alert

    alert = Alert.objects.select_related("subscription").filter(pk=alert_id).first()
    if alert is None or alert.sent_at or alert.subscription.unsubscribed_at:
        return False
    names = "、".join(f"「{i['name']}」" for i in alert.items[:2])
    subject = f"新符合的輔導措施：{names}" + ("等" if len(alert.items) > 2 else "")
    if not send(alert.subscription, subject, digest_body(alert, site_url), site_url):
        return False
    Alert.objects.filter(pk=alert.pk).update(sent_at=timezone.now())
    return True
