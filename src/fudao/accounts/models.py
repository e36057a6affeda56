"""Teams, each user's role and team, and hashed API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fudao.accounts.roles import ROLE_CHOICES


class Team(models.Model):
    """A service point or service team (e.g. `north` 北區服務中心)."""

    slug = models.SlugField("代碼", max_length=40, unique=True)
    name = models.CharField("名稱", max_length=100)
    counties = models.JSONField("負責縣市", default=list, blank=True)

    class Meta:
        verbose_name = "服務團隊"
        verbose_name_plural = "服務團隊"
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    """A user's one role and at most one team."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="staff")
    role = models.CharField("角色", max_length=16, choices=ROLE_CHOICES)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="members", verbose_name="團隊")

    class Meta:
        verbose_name = "人員角色"
        verbose_name_plural = "人員角色"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"


class ApiToken(models.Model):
    """An API token, kept only as its SHA-256 digest (the token is shown once)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField("建立時間", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    expires_at = models.DateTimeField("到期時間", null=True, blank=True)
    revoked_at = models.DateTimeField("撤銷時間", null=True, blank=True)

    class Meta:
        verbose_name = "API 權杖"
        verbose_name_plural = "API 權杖"
