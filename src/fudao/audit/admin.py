"""The audit log in the admin (read-only, for superusers), and the admin's user and group pages
with every change of privileges audited: a user's is_active, is_staff, is_superuser, groups and
permissions, a password set by an administrator, a group's permissions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from fudao.audit.models import AuditEntry

USER_PRIVILEGES = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")
GROUP_PRIVILEGES = ("permissions",)


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


def _label(obj: Any) -> str:
    """How a group or permission is named in the audit log (`app_label.codename` for a permission)."""
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    return str(obj)


def _labels(field: forms.Field, values: Any) -> set[str]:
    keys = [getattr(v, "pk", v) for v in values or ()]
    queryset = field.queryset.filter(pk__in=keys)  # type: ignore[attr-defined]
    if queryset.model is Permission:
        queryset = queryset.select_related("content_type")
    return {_label(obj) for obj in queryset}


def privilege_changes(form: forms.ModelForm, fields: tuple[str, ...]) -> dict[str, Any]:
    """What a saved admin form changed among `fields`: a flag as {"old", "new"}, a many-to-many
    field as the names {"added", "removed"}. The old values are the form's initial ones (read
    before the save), the new ones its cleaned data."""
    changes: dict[str, Any] = {}
    for name in fields:
        if name not in form.changed_data or name not in form.fields:
            continue
        field, old, new = form.fields[name], form.initial.get(name), form.cleaned_data.get(name)
        if isinstance(field, forms.ModelMultipleChoiceField):
            before, after = _labels(field, old), _labels(field, new)
            if before != after:
                changes[name] = {"added": sorted(after - before), "removed": sorted(before - after)}
        elif bool(old) != bool(new):
            changes[name] = {"old": bool(old), "new": bool(new)}
    return changes


def _record(request: Any, action: str, detail: dict[str, Any]) -> None:
    from fudao.audit.services import record

    record(action=action, actor=request.user.get_username(), detail={**detail, "via": "admin"},
           request=request)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(auth_admin.UserAdmin):
    """Django's user admin; a change of a user's privileges or a password set here is audited
    (after the many-to-many fields are saved, in the same transaction)."""

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        changes = privilege_changes(form, USER_PRIVILEGES)
        if changes:
            _record(request, "privileges_changed", {"username": form.instance.get_username(),
                                                    "changes": changes})

    def log_change(self, request: Any, obj: Any, message: Any) -> Any:
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "auth_user_password_change":  # UserAdmin.get_urls
            _record(request, "password_set", {"username": obj.get_username()})
        return super().log_change(request, obj, message)


@admin.register(Group)
class AuditedGroupAdmin(auth_admin.GroupAdmin):
    """Django's group admin; a change of a group's permissions (its members' privileges) is audited."""

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        changes = privilege_changes(form, GROUP_PRIVILEGES)
        if changes:
            members = sorted(User.objects.filter(groups=form.instance)
                             .values_list(User.USERNAME_FIELD, flat=True)[:200])
            _record(request, "group_privileges_changed", {"group": form.instance.name, "changes": changes,
                                                          "members": members})
