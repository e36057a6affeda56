"""The editors' admin for rules as data: load a rules file (checked, its test cases run), review
the versions kept, publish one. The checks and writes are `fudao.rules.services`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from fudao.accounts.actors import ANONYMOUS, Actor, actor_for_user
from fudao.rules.checking import check_rule_file
from fudao.rules.loader import RuleFileError
from fudao.rules.models import RuleVersion
from fudao.rules.services import (
    EDITING_ROLES,
    RulePermissionError,
    RuleVersionNotFound,
    load_version,
    publish_version,
)


class LoadForm(forms.ModelForm):
    """Load a version: the rules file and its test-case file (upload or paste)."""

    rule_file = forms.FileField(label="規則檔（措施代碼.yaml）", required=False)
    tests_file = forms.FileField(label="測試案例檔（措施代碼.tests.yaml）", required=False)
    publish_now = forms.BooleanField(label="通過檢查後立即發布", required=False)
    actor: Actor = ANONYMOUS

    class Meta:
        model = RuleVersion
        fields = ("filename", "rule_text", "tests_text")
        help_texts = {"filename": "例如 m-093c6d67.yaml；上傳檔案時可留空",
                      "rule_text": "上傳規則檔，或貼上其內容", "tests_text": "上傳測試案例檔，或貼上其內容"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("filename", "rule_text", "tests_text"):
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for upload, text, name in (("rule_file", "rule_text", "filename"), ("tests_file", "tests_text", None)):
            file = data.get(upload)
            if file:
                try:
                    data[text] = file.read().decode("utf-8")
                except UnicodeDecodeError:
                    self.add_error(upload, "檔案須為 UTF-8 文字檔")
                    continue
                if name and not data.get(name):
                    data[name] = file.name
        missing = False
        for field, label in (("filename", "檔名"), ("rule_text", "規則內容"), ("tests_text", "測試案例內容")):
            if not data.get(field):
                self.add_error(field, f"請提供{label}")
                missing = True
        if self.actor.role not in EDITING_ROLES:
            raise forms.ValidationError(str(RulePermissionError()))
        if not missing:
            try:
                check_rule_file(Path(data["filename"]), data["rule_text"], data["tests_text"])
            except RuleFileError as exc:
                raise forms.ValidationError(str(exc)) from None
        return data


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ("measure_id", "name", "number", "origin", "cases", "loaded_by_name", "loaded_at",
                    "published_by_name", "published_at")
    list_filter = ("origin", ("published_at", admin.EmptyFieldListFilter))
    search_fields = ("measure_id", "name")
    actions = ("publish",)
    readonly_fields = ("measure_id", "name", "number", "origin", "filename", "cases", "digest",
                       "loaded_by_name", "loaded_at", "published_by_name", "published_at",
                       "rule_text", "tests_text")
    exclude = ("loaded_by", "published_by")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = type("BoundLoadForm", (LoadForm,), {"actor": actor_for_user(request.user)})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: RuleVersion | None = None) -> Any:
        return self.readonly_fields if obj else ()

    def get_fields(self, request: HttpRequest, obj: RuleVersion | None = None) -> Any:
        if obj is None:
            return ("rule_file", "tests_file", "filename", "rule_text", "tests_text", "publish_now")
        return self.readonly_fields

    def has_change_permission(self, request: HttpRequest, obj: RuleVersion | None = None) -> bool:
        """Versions are kept as loaded: reviewed and published, never edited."""
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: RuleVersion | None = None) -> bool:
        return super().has_view_permission(request, obj) or super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: RuleVersion | None = None) -> bool:
        return False

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        """Check and keep the version through the service; a refusal is shown on the form."""
        data = form.cleaned_data
        result = load_version(filename=data["filename"], rule_text=data["rule_text"],
                              tests_text=data["tests_text"], publish=bool(data.get("publish_now")),
                              by=actor_for_user(request.user))
        return RuleVersion.objects.get(pk=result["id"])

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Nothing to save: `save_form` wrote the version."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """A version has no related rows."""

    @admin.action(description="發布所選版本（再次執行測試案例）")
    def publish(self, request: HttpRequest, queryset: QuerySet[RuleVersion]) -> None:
        """Publish each selected version whose test cases still pass."""
        actor = actor_for_user(request.user)
        done = 0
        for version in queryset.order_by("measure_id", "number"):
            try:
                if publish_version(version_id=version.pk, by=actor)["published_now"]:
                    done += 1
            except (RuleFileError, RulePermissionError, RuleVersionNotFound) as exc:
                self.message_user(request, str(exc), messages.ERROR)
        self.message_user(request, f"已發布 {done} 個規則版本", messages.SUCCESS)
