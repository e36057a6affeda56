"""The sweep of due follow-ups: one reminder e-mail (zh-TW) per follow-up to the case's
assignee (else the supervisors of its team), through Django's mail backend, recorded in
`ReminderSent` so that a second sweep or a second worker sends nothing again; then the
overdue flags are recomputed."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from fudao.cases.followups import open_follow_ups, recompute_overdue, today
from fudao.cases.models import Activity, ReminderSent
from fudao.cases.vocabulary import KINDS

log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    """What one sweep did."""

    on: str
    sent: int = 0
    already_sent: int = 0
    no_recipient: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    overdue_flags_changed: int = 0


def recipients(activity: Activity) -> list[str]:
    """Who is reminded: the case's assignee, else the supervisors of the case's team (those
    with an e-mail address)."""
    case = activity.case
    if case.assignee is not None and case.assignee.email:
        return [case.assignee.email]
    if case.team_id is None:
        return []
    supervisors = (get_user_model().objects.filter(staff__team_id=case.team_id, staff__role="supervisor",
                                                   is_active=True).exclude(email="")
                   .order_by("username").values_list("email", flat=True))
    return list(supervisors)


def message_for(activity: Activity, to: list[str], on: dt.date) -> EmailMessage:
    """The reminder e-mail of one follow-up (zh-TW)."""
    case = activity.case
    assert activity.due is not None
    late = (on - activity.due).days
    when = f"已逾期 {late} 天" if late > 0 else "今天到期"
    subject = f"[追蹤提醒] 案件 {case.case_no}：{activity.data.get('text') or '追蹤'}（{when}）"
    body = "\n".join([
        "您好：",
        "",
        f"案件 {case.case_no}（{KINDS.get(case.kind, case.kind)}，{case.enterprise_name or '未具名企業'}）"
        f"有一項追蹤於 {activity.due.isoformat()} 到期，{when}。",
        f"追蹤事項：{activity.data.get('text') or '（未註明）'}",
        "",
        f"請至案件頁面辦理：/desk/cases/{case.case_no}/",
        "完成或略過後請記錄結果與說明。",
        "",
        "— fudao 企業輔導服務台（系統自動寄送，請勿直接回覆）",
    ])
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)


def send_reminder(activity_id: int, on: dt.date) -> str:
    """Send one follow-up's reminder unless it was sent: `sent`, `already`, `no_recipient`.

    The ReminderSent row is inserted first and the mail sent inside the same transaction: a
    concurrent sweep fails on the unique follow-up, and a failed send leaves no row, so the
    next sweep tries again."""
    with transaction.atomic():
        activity = (Activity.objects.select_related("case", "case__assignee")
                    .filter(pk=activity_id).first())
        if activity is None or activity.done_at is not None:
            return "already"
        to = recipients(activity)
        if not to:
            return "no_recipient"
        try:
            with transaction.atomic():
                ReminderSent.objects.create(follow_up=activity, sent_at=timezone.now(),
                                            recipients=",".join(to))
        except IntegrityError:
            return "already"
        message_for(activity, to, on).send(fail_silently=False)
    return "sent"


def sweep(*, on: dt.date | None = None) -> SweepResult:
    """Remind every open follow-up due by `on` (default today) that has not been reminded,
    then recompute the overdue flags."""
    day = on or today()
    result = SweepResult(on=day.isoformat())
    pending = (open_follow_ups().filter(due__lte=day, reminder__isnull=True)
               .order_by("due", "id").values_list("id", flat=True))
    for activity_id in list(pending):
        try:
            outcome = send_reminder(activity_id, day)
        except Exception:  # a mail server down must not stop the other reminders
            log.exception("reminder of follow-up %s failed", activity_id)
            result.failed.append(activity_id)
            continue
        if outcome == "sent":
            result.sent += 1
        elif outcome == "already":
            result.already_sent += 1
        else:
            result.no_recipient.append(activity_id)
    result.overdue_flags_changed = recompute_overdue(on=day)
    return result
