"""The admin's view of API tokens: who holds which (never the token), its expiry and last use,
and the action that revokes them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.utils import timezone

from fudao.accounts.models import ApiToken
from fudao.accounts.services import revoke_token_ids


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued from the CLI (shown once); here they are read and revoked."""

    list_display = ("user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "prefix")
    readonly_fields = ("user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
    actions = ("revoke",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    @admin.action(description="撤銷所選的 API 權杖")
    def revoke(self, request: Any, queryset: Any) -> None:
        """Revoke the selected tokens (already revoked ones stay as they are)."""
        count = revoke_token_ids(ids=list(queryset.values_list("pk", flat=True)),
                                 by=request.user.get_username())
        self.message_user(request, f"已撤銷 {count} 個權杖（{timezone.localtime():%H:%M}）。", messages.SUCCESS)
