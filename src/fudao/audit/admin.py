"""The audit log in the admin: read-only, for superusers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from fudao.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "ip")
    list_filter = ("action",)
    search_fields = ("actor",)
    readonly_fields = ("at", "actor", "action", "detail", "ip")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
