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
from fudao.events.errors import EventConflict, EventError, EventNotFound
from fudao.events.models import Event, TimeSlot
from fudao.events.services import require_manager


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
              channel: str = "walk_in") -> Case:
    """Book a free upcoming slot: a `consultation_day` case for the enterprise, linked to the
    slot. Refused: a slot already booked, a past or cancelled consultation day, bad fields."""
    from fudao.cases.services import CaseError, open_case

    clean = check_registrant(registrant, require_both=False)
    with transaction.atomic():
        slot = TimeSlot.objects.select_for_update().select_related("event").filter(pk=slot_id).first()
        if slot is None:
            raise EventError(f"找不到諮詢時段「{slot_id}」")
        if slot.case_id is not None:
            raise EventConflict("此諮詢時段已被預約，請選擇其他時段")
        if slot.event.cancelled:
            raise EventConflict(f"活動「{slot.event.title}」已停辦，無法預約")
        if slot.starts_at <= timezone.now():
            raise EventConflict("此諮詢時段已開始或已結束，無法預約")
        local = timezone.localtime(slot.starts_at)
        text = summary.strip() or (f"專業諮詢日 {local:%Y-%m-%d %H:%M} "
                                   f"{slot.get_expert_kind_display()} {slot.expert_name}")
        contact = ContactInput(name=clean.name, phone=clean.phone, email=clean.email,
                               consent_to_contact=clean.consent)
        try:
            case = open_case(channel=channel, kind="consultation_day", by=by, ubn=clean.ubn or None,
                             enterprise_name=clean.org, contact=contact, summary=text)
        except CaseError as exc:
            raise EventError(str(exc)) from None
        slot.case = case
        slot.save(update_fields=["case"])
    return case
