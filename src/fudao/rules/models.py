"""Rules as data: every version of a measure's rules file kept in the store (DESIGN "Rules as data").

A version is loaded (checked: it parses, its facts, operators and sourced parameters are known,
its test cases pass) and may then be published; the published version of a measure published
last is the one `match`, `screen` and campaigns use. The files shipped in the package are
recorded as versions of origin `package` (the initial load).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

ORIGINS = [("package", "套件內建"), ("editor", "編輯載入")]


class RuleVersion(models.Model):
    """One version of one measure's rules file: its YAML text and test cases, who loaded it
    and when, and who published it and when (null while it waits for review)."""

    measure_id = models.CharField("措施代碼", max_length=100, db_index=True)
    number = models.PositiveIntegerField("版本")
    name = models.CharField("措施名稱", max_length=300)
    rule_text = models.TextField("規則（YAML）")
    tests_text = models.TextField("測試案例（YAML）")
    digest = models.CharField("內容摘要", max_length=64)
    origin = models.CharField("來源", max_length=10, choices=ORIGINS, default="editor")
    filename = models.CharField("檔名", max_length=200)
    cases = models.PositiveIntegerField("測試案例數", default=0)
    loaded_at = models.DateTimeField("載入時間", auto_now_add=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="載入者")
    loaded_by_name = models.CharField("載入者名稱", max_length=150, blank=True)
    published_at = models.DateTimeField("發布時間", null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name="發布者")
    published_by_name = models.CharField("發布者名稱", max_length=150, blank=True)

    class Meta:
        verbose_name = "資格規則版本"
        verbose_name_plural = "資格規則版本"
        ordering = ["measure_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["measure_id", "number"], name="rule_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.name} 第 {self.number} 版"
