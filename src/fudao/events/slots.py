"""Consultation-day time slots (律師, 會計師, 財務顧問 at fixed times) and their booking: a
booking is a case of kind `consultation_day` linked to the slot; a slot is booked once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.cases.models import Case
from fudao.enterprises.services import ContactInput
from fudao.events.checks import RegistrantInput, aware, check_expert_kind, check_registrant
from fudao.events.errors import EventConflict, EventError, EventNotFound, SlotNotFound
from fudao.events.models import Event, TimeSlot
from fudao.events.services import require_manager

MAX_SUMMARY = 2000
MAX_ID = 2**63 - 1  # the largest primary key a database holds


def add_slot(*, event_id: str, starts_at: dt.datetime, ends_at: dt.datetime, expert_name: str,
             expert_kind: str, by: Actor) -> TimeSlot:
    """Add a time slot with one expert inside a consultation day."""
    require_manager(by)
    kind = check_expert_kind(expert_kind)
    name = (expert_name or "").strip()
    if not name or len(name) > 100:
        raise EventError("專家姓名必填（最多 100 字）")
    starts, ends = aware(starts_at, "開始時間"), aware(ends_at, "結束時間")
    if ends <= starts:
        raise EventError("時段結束時間須晚於開始時間")
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(event_id=event_id).first()
        if event is None:
            raise EventNotFound(event_id)
        if event.kind != "consultation_day":
            raise EventError(f"活動「{event.title}」不是專業諮詢日，不能設定諮詢時段")
        if starts < event.starts_at or ends > event.ends_at:
            raise EventError("諮詢時段須在活動的開始與結束時間之內")
        return TimeSlot.objects.create(event=event, starts_at=starts, ends_at=ends,
                                       expert_name=name, expert_kind=kind)


def book_slot(*, slot_id: int, registrant: RegistrantInput, by: Actor, summary: str = "",
              channel: str = "walk_in", event_id: str | None = None,
              require_both: bool = False) -> Case:
    """Book a free upcoming slot: a `consultation_day` case for the enterprise, linked to the
    slot. With `event_id` the slot must be one of that event's. Phone or e-mail is needed
    (both with `require_both`, as on the public form). Refused: an unknown slot (SlotNotFound),
    a slot already booked, a past or cancelled consultation day, bad fields."""
    from fudao.cases.services import CaseError, open_case

    clean = check_registrant(registrant, require_both=require_both)
    question = (summary or "").strip()
    if len(question) > MAX_SUMMARY:
        raise EventError(f"諮詢事項過長（最多 {MAX_SUMMARY:,} 字）")
    if isinstance(slot_id, bool) or not isinstance(slot_id, int) or not 1 <= slot_id <= MAX_ID:
        raise SlotNotFound(f"找不到諮詢時段「{slot_id}」")
    with transaction.atomic():
        slot = TimeSlot.objects.select_for_update().select_related("event").filter(pk=slot_id).first()
        if slot is None or (event_id is not None and slot.event.event_id != event_id):
            raise SlotNotFound(f"找不到諮詢時段「{slot_id}」")
        if slot.case_id is not None:
            raise EventConflict("此諮詢時段已被預約，請選擇其他時段")
        if slot.event.cancelled:
            raise EventConflict(f"活動「{slot.event.title}」已停辦，無法預約")
        now = timezone.now()
        if slot.starts_at <= now:
            raise EventConflict("此諮詢時段已開始或已結束，無法預約")
        local = timezone.localtime(slot.starts_at)
        heading = (f"專業諮詢日 {local:%Y-%m-%d %H:%M} "
                   f"{slot.get_expert_kind_display()} {slot.expert_name}")
        text = f"{heading}\n{question}" if question else heading
        contact = ContactInput(name=clean.name, phone=clean.phone, email=clean.email,
                               consent_to_contact=clean.consent,
                               consent_at=now if clean.consent else None)
        try:
            case = open_case(channel=channel, kind="consultation_day", by=by, ubn=clean.ubn or None,
                             enterprise_name=clean.org, contact=contact, summary=text)
        except CaseError as exc:
            raise EventError(str(exc)) from None
        slot.case = case
        slot.save(update_fields=["case"])
    return case
