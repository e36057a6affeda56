"""Saved profiles told when a measure starts to fit them (DESIGN "Alerts")."""

from __future__ import annotations

from django.conf import settings
from django.db import models

# A subscription's state (`Subscription.state`) as a person reads it.
SUBSCRIPTION_STATES = {"pending": "待確認", "confirmed": "已確認", "unsubscribed": "已取消"}


class Subscription(models.Model):
    """A saved profile (the profile vocabulary) with an e-mail address and the consent given:
    its purpose text, when, and who recorded it (a consultant's subscription of an enterprise
    on record); confirmed by the link e-mailed (double opt-in); ended by unsubscribing."""

    email = models.EmailField("電子郵件", max_length=254)
    profile = models.JSONField("企業資料", default=dict)
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="alert_subscriptions",
                                   verbose_name="企業")
    purpose = models.TextField("同意的目的")
    consent_at = models.DateTimeField("同意時間")
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="代為登記的顧問")
    consent_by_name = models.CharField("同意登記者", max_length=150, blank=True)
    created_at = models.DateTimeField("建立時間", auto_now_add=True)
    confirmed_at = models.DateTimeField("確認時間", null=True, blank=True, db_index=True)
    unsubscribed_at = models.DateTimeField("取消訂閱時間", null=True, blank=True)
    last_alert_at = models.DateTimeField("上次通知時間", null=True, blank=True)
    last_state = models.JSONField("上次通知時的狀態", default=dict, blank=True)
    deferred_on = models.DateField("延後通知的日期", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "新措施通知訂閱"
        verbose_name_plural = "新措施通知訂閱"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"訂閱 {self.pk}"

    @property
    def state(self) -> str:
        """pending · confirmed · unsubscribed."""
        if self.unsubscribed_at:
            return "unsubscribed"
        return "confirmed" if self.confirmed_at else "pending"


class Alert(models.Model):
    """One digest e-mail to one subscriber: the news items (measure, kind, reasons, cap, window,
    cited lines), when it was queued and when it was sent."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    items = models.JSONField("通知內容", default=list)
    created_at = models.DateTimeField("建立時間", auto_now_add=True)
    sent_at = models.DateTimeField("寄出時間", null=True, blank=True)

    class Meta:
        verbose_name = "新措施通知信"
        verbose_name_plural = "新措施通知信"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"通知信 {self.pk}"


class WindowSweep(models.Model):
    """The day the worker last screened the subscriptions for windows that opened or close
    soon: once a day is enough, whatever the sweep's period."""

    day = models.DateField("日期", unique=True)
    done_at = models.DateTimeField("完成時間", auto_now_add=True)

    class Meta:
        verbose_name = "受理期間通知的每日比對"
        verbose_name_plural = "受理期間通知的每日比對"


class EnterpriseFit(models.Model):
    """A measure in use that fits an enterprise on record (eligible, or undecided with facts
    missing), kept by the worker after each publish: `since` is when it started to fit (or its
    cap rose), what a consultant's 「新符合措施」 list shows; NULL for the fits found by the
    first screening of all (already known, not news)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE,
                                   related_name="fits", verbose_name="企業")
    measure_id = models.CharField("措施代碼", max_length=64)
    status = models.CharField("判定", max_length=16)
    kind = models.CharField("變動", max_length=32, blank=True)
    max_amount_twd = models.BigIntegerField("金額上限", null=True, blank=True)
    since = models.DateTimeField("開始符合時間", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "企業符合的措施"
        verbose_name_plural = "企業符合的措施"
        constraints = [models.UniqueConstraint(fields=["enterprise", "measure_id"],
                                               name="alerts_fit_enterprise_measure")]

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.measure_id}"


class FitsCheck(models.Model):
    """Up to when the worker has re-screened the enterprises whose record changed (one row): the
    next sweep re-screens those changed after it, so that a firm's new facts show on the desk
    without waiting for a publish."""

    checked_until = models.DateTimeField("已比對至")

    class Meta:
        verbose_name = "異動企業的符合比對"
        verbose_name_plural = "異動企業的符合比對"

    def __str__(self) -> str:
        return f"{self.checked_until:%Y-%m-%d %H:%M}"


class DeskLook(models.Model):
    """When a desk user last marked their 「新符合措施」 list as looked at: the list shows the
    fits that started after it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="fits_look", verbose_name="使用者")
    seen_at = models.DateTimeField("上次查看時間")

    class Meta:
        verbose_name = "新符合措施的查看紀錄"
        verbose_name_plural = "新符合措施的查看紀錄"

    def __str__(self) -> str:
        return f"{self.user_id} {self.seen_at:%Y-%m-%d}"
