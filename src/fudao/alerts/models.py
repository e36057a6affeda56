"""Saved profiles told when a measure starts to fit them (DESIGN "Alerts")."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
