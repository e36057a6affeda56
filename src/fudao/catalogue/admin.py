"""The editors' admin: list with filters, edit with the cited source lines beside each field,
actions to review, publish and retire; editing a field locks it against re-extraction."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from fudao.catalogue.models import WINDOW_COLUMNS, Measure
from fudao.catalogue.sync import set_status
from fudao.documents.signals import announce_publish

# Public field → its columns on the edit form.
EDITABLE: dict[str, list[str]] = {
    "name": ["name"], "aliases": ["aliases"], "facet": ["facet"], "summary": ["summary"],
    "service_items": ["service_items"], "target": ["target"], "benefits": ["benefits"],
    "instrument": ["instrument"], "applicant_types": ["applicant_types"], "region": ["region"],
    "window": list(WINDOW_COLUMNS.values()), "how_to_apply": ["how_to_apply"],
    "required_documents": ["required_documents"], "agency": ["agency"],
    "executing_units": ["executing_units"], "contacts": ["contacts"], "websites": ["websites"],
    "mittelstand_preferences": ["mittelstand_preferences"],
}


def source_lines(measure: Measure, field: str) -> str:
    """The original lines a field was extracted from, numbered, as HTML."""
    src = (measure.sources or {}).get(field)
    if not src or measure.version is None:
        return format_html("<em>{}</em>", "無出處")
    start, end = int(src["line_start"]), int(src["line_end"])
    lines = measure.version.lines(start, min(end, start + 40))
    rows = format_html_join("\n", "{:>5}  {}", ((start + i, text) for i, text in enumerate(lines)))
    return format_html('<div class="source">{} 第 {}–{} 行</div><pre style="white-space:pre-wrap">{}</pre>',
                       src["doc"], start, end, rows)


def _source_method(field: str) -> Any:
    def method(self: MeasureAdmin, obj: Measure) -> str:
        return source_lines(obj, field)

    method.short_description = f"出處：{field}"  # type: ignore[attr-defined]
    return method


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "status", "facet", "agency", "instrument", "updated_at")
    list_filter = ("status", "facet", "agency", "instrument")
    search_fields = ("id", "name", "agency")
    actions = ("mark_reviewed", "publish", "retire")
    readonly_fields = ("id", "status", "flags", "diffs", "locked_fields", "last_checked", "updated_at",
                       *[f"source_{f}" for f in EDITABLE])
    fieldsets: ClassVar[Any] = (
        ("狀態", {"fields": ("id", "status", "flags", "diffs", "locked_fields", "last_checked", "updated_at")}),
        *((None, {"fields": (*cols, f"source_{field}")}) for field, cols in EDITABLE.items()),
    )

    @admin.display(description="待審事項")
    def flags(self, obj: Measure) -> str:
        return format_html_join("", "<li>{}</li>", ((f,) for f in obj.review_flags)) or "—"

    @admin.display(description="來源變動（舊擷取 → 新擷取；編輯值）")
    def diffs(self, obj: Measure) -> str:
        return format_html_join(
            "", "<li><b>{}</b>：{} → {}；編輯值 {}</li>",
            ((d["field"], d["old_extracted"], d["new_extracted"], d["editor_value"]) for d in obj.source_diffs),
        ) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Measures come from the ingested documents, not from an empty form (whose read-only
        fields made the add page fail with a 500)."""
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Measure | None = None) -> Any:
        return self.readonly_fields if obj else ("status",)

    def save_model(self, request: HttpRequest, obj: Measure, form: Any, change: bool) -> None:
        """Lock every public field the editor changed, so re-ingesting keeps it."""
        changed = set(form.changed_data)
        locked = list(obj.locked_fields)
        for field, cols in EDITABLE.items():
            if changed.intersection(cols) and field not in locked:
                locked.append(field)
        obj.locked_fields = locked
        super().save_model(request, obj, form, change)

    def _set_status(self, request: HttpRequest, queryset: QuerySet[Measure], status: str, label: str) -> None:
        count = set_status(queryset, status)
        self.message_user(request, f"已將 {count} 項措施設為「{label}」", messages.SUCCESS)

    @admin.action(description="標為已審閱")
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[Measure]) -> None:
        self._set_status(request, queryset, Measure.Status.REVIEWED, "已審閱")

    @admin.action(description="發布")
    def publish(self, request: HttpRequest, queryset: QuerySet[Measure]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        self._set_status(request, queryset, Measure.Status.PUBLISHED, "已發布")
        announce_publish(ids)

    @admin.action(description="停用")
    def retire(self, request: HttpRequest, queryset: QuerySet[Measure]) -> None:
        self._set_status(request, queryset, Measure.Status.RETIRED, "已停用")


for _field in EDITABLE:
    setattr(MeasureAdmin, f"source_{_field}", _source_method(_field))
