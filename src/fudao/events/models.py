"""Events, their registrations (with waitlist positions and attendance) and consultation-day
time slots."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from fudao.cases.models import Case
from fudao.cases.vocabulary import choices
from fudao.enterprises.models import Enterprise
from fudao.events.vocabulary import EVENT_KINDS, EXPERT_KINDS, REGISTRATION_STATUSES


class Event(models.Model):
    """A session, promotion event, consultation day or training with a capacity."""

    event_id = models.SlugField("活動代碼", max_length=80, unique=True)
    kind = models.CharField("類型", max_length=20, choices=choices(EVENT_KINDS))
    title = models.CharField("名稱", max_length=200)
    starts_at = models.DateTimeField("開始時間", db_index=True)
    ends_at = models.DateTimeField("結束時間")
    region = models.CharField("地區", max_length=40, blank=True, db_index=True)
    venue = models.CharField("地點", max_length=200, blank=True)
    capacity = models.PositiveIntegerField("名額")
    measures = models.JSONField("相關措施", default=list, blank=True)
    cancelled = models.BooleanField("已停辦", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "活動"
        verbose_name_plural = "活動"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="events_event_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="events_event_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """One person's registration: registered, waitlisted (with its live position) or cancelled;
    attendance once marked. The registrant's private cancel link is kept as a SHA-256 digest."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField("姓名", max_length=100)
    org = models.CharField("單位", max_length=200, blank=True)
    ubn = models.CharField("統一編號", max_length=8, blank=True)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="event_registrations")
    phone = models.CharField("電話", max_length=40, blank=True)
    phone_digits = models.CharField(max_length=20, blank=True)
    email = models.CharField("電子郵件", max_length=254, blank=True)
    consent = models.BooleanField("同意聯繫", default=False)
    status = models.CharField("狀態", max_length=12, choices=choices(REGISTRATION_STATUSES))
    position = models.PositiveIntegerField("候補順位", null=True, blank=True)
    attended = models.BooleanField("出席", null=True, blank=True)
    token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="event_registrations")
    created_at = models.DateTimeField("報名時間")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "活動報名"
        verbose_name_plural = "活動報名"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "status", "position"])]
        constraints = [
            models.UniqueConstraint(fields=["event", "phone_digits"], name="events_reg_one_phone",
                                    condition=~Q(status="cancelled") & ~Q(phone_digits="")),
            models.UniqueConstraint(fields=["event", "email"], name="events_reg_one_email",
                                    condition=~Q(status="cancelled") & ~Q(email="")),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.event.event_id}）"


class TimeSlot(models.Model):
    """A consultation-day time slot with one expert; booked by at most one case."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField("開始時間")
    ends_at = models.DateTimeField("結束時間")
    expert_name = models.CharField("專家", max_length=100)
    expert_kind = models.CharField("專家類別", max_length=20, choices=choices(EXPERT_KINDS))
    case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="consultation_slot")

    class Meta:
        verbose_name = "諮詢時段"
        verbose_name_plural = "諮詢時段"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="events_slot_ends_after_start"),
        ]
