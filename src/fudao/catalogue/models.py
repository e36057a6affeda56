"""The catalogue of support measures (輔導措施), with what was extracted kept apart from what an
editor changed, so that re-ingesting a document never overwrites an editor's review."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from fudao.documents.models import Document, DocumentVersion

# The handbook's four ways (人才 … 品牌行銷), facets assigned by content (資金 … 經營管理), the
# 2026 plan's six dimensions (金融支持 … 安定就業), and 其他 for what fits none.
FACETS = ["人才", "技術", "智財", "品牌行銷", "資金", "市場", "節能減碳", "數位轉型", "就業", "經營管理",
          "金融支持", "降低行政成本", "提升產業競爭力", "開拓多元市場", "租稅優惠", "安定就業", "其他"]
INSTRUMENTS = [("grant", "補助"), ("loan", "貸款"), ("guarantee", "保證"), ("training", "培訓"),
               ("consulting", "輔導諮詢"), ("tax_credit", "租稅抵減"), ("service", "服務")]
WINDOW_COLUMNS = {"start": "window_start", "end": "window_end", "text": "window_text",
                  "is_open_ended": "window_open_ended", "recurring": "window_recurring",
                  "yearly_months": "window_months"}


class Measure(models.Model):
    """A support measure: its public fields, sources, review state and extraction history."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEWED = "reviewed", "已審閱"
        PUBLISHED = "published", "已發布"
        RETIRED = "retired", "已停用"

    id = models.CharField("代碼", max_length=80, primary_key=True)
    name = models.CharField("名稱", max_length=300)
    aliases = models.JSONField("別名", default=list, blank=True)
    facet = models.CharField("面向", max_length=20, choices=[(f, f) for f in FACETS], default="其他")
    summary = models.TextField("簡介", blank=True)
    service_items = models.JSONField("服務項目", default=list, blank=True)
    target = models.TextField("服務對象", blank=True)
    benefits = models.JSONField("補助與優惠", default=list, blank=True)
    instrument = models.CharField("工具", max_length=20, choices=INSTRUMENTS, default="service")
    applicant_types = models.JSONField("申請者類型", default=list, blank=True)
    region = models.CharField("地區", max_length=50, blank=True)
    window_start = models.DateField("申請起日", null=True, blank=True)
    window_end = models.DateField("申請迄日", null=True, blank=True)
    window_text = models.TextField("申請期間原文", blank=True)
    window_open_ended = models.BooleanField("無截止日", default=False)
    window_recurring = models.BooleanField("每年受理", default=False)
    window_months = models.JSONField("每年受理月份", null=True, blank=True)
    how_to_apply = models.TextField("申請方式", blank=True)
    required_documents = models.JSONField("應備文件", default=list, blank=True)
    agency = models.CharField("主辦機關", max_length=200, blank=True)
    executing_units = models.JSONField("執行單位", default=list, blank=True)
    contacts = models.JSONField("聯絡窗口", default=list, blank=True)
    websites = models.JSONField("相關網站", default=list, blank=True)
    mittelstand_preferences = models.JSONField("中堅企業優惠", default=list, blank=True)
    listing = models.JSONField("文件所列位置", null=True, blank=True,
                               help_text="Where the document lists the measure: label (措施10, 階段一) and group (租稅優惠).")
    status = models.CharField("狀態", max_length=10, choices=Status.choices, default=Status.DRAFT)
    sources = models.JSONField("來源", default=dict, blank=True)
    extracted = models.JSONField("擷取值", default=dict, blank=True)
    locked_fields = models.JSONField("編輯鎖定欄位", default=list, blank=True)
    source_diffs = models.JSONField("來源變動", default=list, blank=True)
    review_flags = models.JSONField("待審事項", default=list, blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures")
    version = models.ForeignKey(DocumentVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    as_of = models.DateField("資料日期", null=True, blank=True)
    history = models.JSONField("其他來源", default=list, blank=True,
                               help_text="Older documents naming the same programme: doc, as_of, name, lines, contacts.")
    contact_directory = models.JSONField("分業別聯絡窗口", default=list, blank=True,
                                         help_text="Contacts by industry: industry, org, person, phone, ext, line.")
    line_start = models.PositiveIntegerField(null=True, blank=True)
    line_end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("更新時間", auto_now=True)
    last_checked = models.DateTimeField("最後比對來源", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["facet"])]
        verbose_name = "輔導措施"
        verbose_name_plural = "輔導措施"

    def __str__(self) -> str:
        return f"{self.name}（{self.id}）"

    def get_value(self, field: str) -> Any:
        """A public field's current value (the window as one dict)."""
        if field == "window":
            window = {key: getattr(self, col) for key, col in WINDOW_COLUMNS.items()}
            for key in ("start", "end"):
                if isinstance(window[key], date):
                    window[key] = window[key].isoformat()
            return window
        return getattr(self, field)

    def set_value(self, field: str, value: Any) -> None:
        """Set a public field (the window from its dict; None means empty)."""
        if field == "window":
            window = value or {}
            for key, col in WINDOW_COLUMNS.items():
                raw = window.get(key)
                if key in ("start", "end"):
                    raw = date.fromisoformat(raw) if raw else None
                elif key in ("is_open_ended", "recurring"):
                    raw = bool(raw)
                elif key == "text":
                    raw = raw or ""
                setattr(self, col, raw)
            return
        field_obj = self._meta.get_field(field)
        if value is None and isinstance(field_obj, models.Field):
            value = "" if isinstance(field_obj, models.CharField | models.TextField) else field_obj.get_default()
        setattr(self, field, value)
