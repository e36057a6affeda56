"""The audit log: who did what, when, from where (never passwords or tokens)."""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    """One audited event: sign-in, sign-in failure, lock-out, role change, …"""

    at = models.DateTimeField("時間", auto_now_add=True, db_index=True)
    actor = models.CharField("使用者", max_length=150, blank=True, db_index=True)
    action = models.CharField("動作", max_length=60, db_index=True)
    detail = models.JSONField("內容", default=dict, blank=True)
    ip = models.GenericIPAddressField("來源 IP", null=True, blank=True)

    class Meta:
        verbose_name = "稽核紀錄"
        verbose_name_plural = "稽核紀錄"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor or '-'} {self.action}"
