"""A campaign (measures × a filter on enterprise facts), its call targets and the calls made."""

from __future__ import annotations

from django.conf import settings
from django.db import models

TARGET_STATUSES = [("eligible", "符合資格"), ("unknown", "尚待確認")]
OUTCOMES = [("reached", "已聯繫"), ("not_reached", "未接通"), ("declined", "婉拒"),
            ("interested", "有意願")]


class Campaign(models.Model):
    """An outreach campaign: its name, measures, the filter on facts and its consultants."""

    name = models.CharField("名稱", max_length=200)
    measure_ids = models.JSONField("措施", default=list)
    filter = models.JSONField("篩選條件", default=dict, blank=True)
    consultants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                         related_name="campaigns", verbose_name="顧問")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "外撥活動"
        verbose_name_plural = "外撥活動"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CallTarget(models.Model):
    """One enterprise × measure the campaign found eligible or undecided, with the facts still
    missing, the cap that applies, its rank and the consultant who calls it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE,
                                   related_name="call_targets")
    measure_id = models.CharField(max_length=80)
    status = models.CharField(max_length=10, choices=TARGET_STATUSES)
    missing_facts = models.JSONField(default=list)
    max_amount_twd = models.BigIntegerField(null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="call_targets")
    rank = models.IntegerField()
    last_outcome = models.CharField(max_length=12, choices=OUTCOMES, null=True, blank=True)

    class Meta:
        verbose_name = "外撥對象"
        verbose_name_plural = "外撥對象"
        constraints = [models.UniqueConstraint(fields=["campaign", "enterprise", "measure_id"],
                                               name="outreach_target_unique")]
        indexes = [models.Index(fields=["campaign", "assignee", "last_outcome", "rank"]),
                   models.Index(fields=["campaign", "rank"])]


class CallRecord(models.Model):
    """A call made to a target: its outcome, when, by whom, the facts learned, the case opened."""

    target = models.ForeignKey(CallTarget, on_delete=models.CASCADE, related_name="calls")
    outcome = models.CharField(max_length=12, choices=OUTCOMES)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="outreach_calls")

    class Meta:
        verbose_name = "外撥紀錄"
        verbose_name_plural = "外撥紀錄"
        ordering = ["at", "id"]
