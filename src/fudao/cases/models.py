"""Cases, their activities, their history, the measures attached to them, and the per-year
counter that numbers them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fudao.accounts.models import Team
from fudao.cases.vocabulary import (
    ACTIVITY_TYPES,
    CHANNELS,
    CLOSING_REASONS,
    KINDS,
    REGIONS,
    STATUSES,
    choices,
)
from fudao.enterprises.models import Enterprise


class CaseCounter(models.Model):
    """The last sequence number handed out in one 民國 year."""

    year = models.IntegerField(primary_key=True)
    last = models.IntegerField(default=0)


class Case(models.Model):
    """One enterprise's question or need, numbered `<民國年>-<6 digits>`."""

    case_no = models.CharField("案號", max_length=12, unique=True)
    channel = models.CharField("來源", max_length=16, choices=choices(CHANNELS))
    kind = models.CharField("類別", max_length=20, choices=choices(KINDS))
    status = models.CharField("狀態", max_length=20, choices=choices(STATUSES), default="new")
    opened_at = models.DateTimeField("受理時間", db_index=True)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="cases")
    enterprise_name = models.CharField("企業名稱", max_length=200, blank=True)
    contact_name = models.CharField("聯絡人", max_length=100, blank=True)
    contact_phone = models.CharField("聯絡電話", max_length=40, blank=True)
    contact_phone_digits = models.CharField(max_length=20, blank=True, db_index=True)
    contact_email = models.CharField("電子郵件", max_length=254, blank=True)
    needs = models.JSONField("需求", default=list, blank=True)
    summary = models.TextField("摘要", blank=True)
    # The profile facts given when the case was opened (the eligibility check's answers).
    facts = models.JSONField("企業資料", default=dict, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="cases")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="assigned_cases")
    first_response_due = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField(null=True, blank=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Why the case was last resolved or closed ('' while open).
    closing_reason = models.CharField("結案原因", max_length=16, blank=True,
                                      choices=choices(CLOSING_REASONS))
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_cases")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["status", "resolution_due"]),
        ]

    def __str__(self) -> str:
        return self.case_no


class Activity(models.Model):
    """Something done on a case (DESIGN "Activities on a case"); the typed columns are the
    fields that reports aggregate, the rest of the activity's fields are in `data`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    type = models.CharField("類型", max_length=20, choices=choices(ACTIVITY_TYPES))
    at = models.DateTimeField("時間", db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)
    data = models.JSONField(default=dict, blank=True)
    mode = models.CharField(max_length=10, blank=True)
    stage = models.CharField(max_length=12, blank=True)
    outcome = models.CharField(max_length=12, blank=True)
    measure_id = models.CharField(max_length=120, blank=True)
    amount_twd = models.BigIntegerField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # A follow-up past its due day and still open (recomputed by the worker's sweep).
    overdue = models.BooleanField(default=False)

    class Meta:
        verbose_name = "案件活動"
        verbose_name_plural = "案件活動"
        indexes = [models.Index(fields=["type", "at"]), models.Index(fields=["type", "due"])]
        ordering = ["at", "id"]


class HistoryEntry(models.Model):
    """One change to a case: who, when, which field, the old and the new value."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)
    field = models.CharField(max_length=40)
    old = models.TextField(null=True, blank=True)
    new = models.TextField(null=True, blank=True)

    class Meta:
        verbose_name = "案件歷程"
        verbose_name_plural = "案件歷程"
        ordering = ["at", "id"]


class CaseMeasure(models.Model):
    """A measure the consultant attached to a case, with its status and cap at that time."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    measure_id = models.CharField(max_length=120)
    name = models.CharField(max_length=300)
    status = models.CharField(max_length=12, blank=True)
    max_amount_twd = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField()
    by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "measure_id"],
                                               name="cases_measure_once_per_case")]


class ReminderSent(models.Model):
    """The reminder e-mail of one follow-up, sent once: the unique follow-up makes a second
    sweep (or a second worker) send nothing again."""

    follow_up = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="reminder")
    sent_at = models.DateTimeField()
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = "追蹤提醒"
        verbose_name_plural = "追蹤提醒"


class Attachment(models.Model):
    """A file on a case (and on one of its activities when `activity` is set), its bytes in the
    attachments storage (`STORAGES["attachments"]`) under `storage_name`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="attachments")
    name = models.CharField("檔名", max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=300, unique=True)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "案件附件"
        verbose_name_plural = "案件附件"
        ordering = ["at", "id"]


class Expert(models.Model):
    """An expert of the pool a visit draws on (000, 002: 產學研專家 sent by domain): the diagnosis
    areas they cover, the region and counties they go to, how to reach them."""

    code = models.SlugField("代碼", max_length=40, unique=True)
    name = models.CharField("姓名", max_length=100)
    domains = models.JSONField("專長面向", default=list, blank=True)
    region = models.CharField("服務區域", max_length=10, blank=True, choices=choices(REGIONS))
    counties = models.JSONField("服務縣市", default=list, blank=True)
    phone = models.CharField("聯絡電話", max_length=40, blank=True)
    email = models.CharField("電子郵件", max_length=254, blank=True)
    active = models.BooleanField("在庫", default=True)

    class Meta:
        verbose_name = "專家"
        verbose_name_plural = "專家庫"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ExpertHistory(models.Model):
    """One change to an expert of the pool: who, when, which field, the old and the new value."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    by_name = models.CharField(max_length=150, blank=True)
    field = models.CharField(max_length=40)
    old = models.TextField(null=True, blank=True)
    new = models.TextField(null=True, blank=True)

    class Meta:
        verbose_name = "專家異動"
        verbose_name_plural = "專家異動"
        ordering = ["at", "id"]


class VisitExpert(models.Model):
    """An expert of the pool on one visit (the visit's names in `data.experts` stay the record
    shown; this row is what lists the visits each expert made)."""

    visit = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="pool_experts")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="visit_rows")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "expert"], name="cases_visit_expert_once")]
