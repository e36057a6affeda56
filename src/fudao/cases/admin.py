"""The expert pool in the admin: list with filters; a save goes through `save_expert`, so the
admin's edits are checked and leave history rows like the CLI's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from fudao.accounts.actors import actor_for_user
from fudao.cases.experts import CODE, ExpertInput, check_expert, save_expert
from fudao.cases.models import Expert
from fudao.errors import Invalid


def _given(data: dict[str, Any]) -> ExpertInput:
    return ExpertInput(name=data.get("name") or "", domains=list(data.get("domains") or []),
                       region=data.get("region") or "", counties=list(data.get("counties") or []),
                       phone=data.get("phone") or "", email=data.get("email") or "",
                       active=bool(data.get("active", True)))


class ExpertForm(forms.ModelForm):  # type: ignore[type-arg]
    """The admin's expert form, checked as the service checks (zh-TW errors on the form)."""

    class Meta:
        model = Expert
        fields = ("code", "name", "domains", "region", "counties", "phone", "email", "active")

    def clean(self) -> dict[str, Any]:
        """The service's checks of the fields (domains and counties as JSON lists)."""
        data = super().clean() or {}
        try:
            if not CODE.match(data.get("code") or ""):
                raise Invalid("專家代碼須為小寫英數字、- 或 _（最多 40 字）")
            check_expert(_given(data))
        except Invalid as exc:
            raise ValidationError(str(exc)) from None
        return data


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Experts of the pool: code, name, domains, region, counties, contact."""

    form = ExpertForm
    list_display = ("code", "name", "region", "phone", "email", "active")
    list_filter = ("region", "active")
    search_fields = ("code", "name")

    def save_model(self, request: HttpRequest, obj: Expert, form: Any, change: bool) -> None:
        """Write through the service (checked fields, history rows)."""
        saved = save_expert(code=obj.code, given=_given(form.cleaned_data), by=actor_for_user(request.user))
        obj.pk = saved.pk
