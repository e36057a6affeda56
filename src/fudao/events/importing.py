"""`fudao import` of `event` and `registration` records (DESIGN "Importing records"): events
upserted by event_id, registrations by (event_id, phone, else e-mail); a bad record becomes
`{"line", "error"}` and is never half-written."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from fudao.accounts.actors import LOCAL
from fudao.enterprises.services import phone_digits
from fudao.events.checks import EventInput, RegistrantInput, check_registrant, parse_instant
from fudao.events.errors import EventError, EventNotFound
from fudao.events.models import Event, Registration
from fudao.events.services import link_enterprise, save_event
from fudao.events.vocabulary import REGISTRATION_STATUSES
from fudao.records import NO, YES, ImportResult, Record, yes_no

TRUE = YES | {"出席"}
FALSE = NO | {"未出席"}
EVENT_KEYS = {"type", "event_id", "kind", "title", "starts_at", "ends_at", "region", "venue",
              "capacity", "measures", "cancelled"}
REGISTRATION_KEYS = {"type", "event_id", "name", "org", "ubn", "phone", "email", "consent",
                     "status", "attended", "created_at"}


def _flag(value: Any, what: str, *, unknown: bool = False) -> bool | None:
    """A yes/no cell (true/false, 1/0, 是/否); empty is False, or None when `unknown`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None if unknown else False
    flag = yes_no(value, TRUE, FALSE)
    if flag is not None:
        return flag
    raise EventError(f"{what}「{value}」須為 true 或 false")


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    return "" if value is None else str(value).strip()


def _unknown_keys(record: dict[str, Any], allowed: set[str]) -> None:
    extra = sorted(set(record) - allowed)
    if extra:
        raise EventError(f"不認得的欄位：{'、'.join(extra)}")


def _capacity(value: Any) -> int:
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        raise EventError(f"名額 capacity「{value}」須為整數") from None
    if not number.is_integer():
        raise EventError(f"名額 capacity「{value}」須為整數")
    return int(number)


def event_input(record: dict[str, Any]) -> EventInput:
    """The event fields of one record (measures as a list or a comma-separated cell)."""
    _unknown_keys(record, EVENT_KEYS)
    measures = record.get("measures") or []
    if isinstance(measures, str):
        measures = [m for m in measures.replace("、", ",").split(",") if m.strip()]
    if not isinstance(measures, list):
        raise EventError("相關措施 measures 須為措施代碼的清單")
    return EventInput(
        event_id=_text(record, "event_id"), kind=_text(record, "kind"), title=_text(record, "title"),
        starts_at=parse_instant(record.get("starts_at"), "開始時間 starts_at"),
        ends_at=parse_instant(record.get("ends_at"), "結束時間 ends_at"),
        region=_text(record, "region"), venue=_text(record, "venue"),
        capacity=_capacity(record.get("capacity")), measures=tuple(str(m) for m in measures),
        cancelled=bool(_flag(record.get("cancelled"), "停辦 cancelled")))


def import_events(records: Iterable[Record]) -> ImportResult:
    """Upsert each event record by its event_id."""
    result = ImportResult()
    for line, record in records:
        try:
            _, created = save_event(data=event_input(record), by=LOCAL)
        except (EventError, ValueError) as exc:
            result.error(line, str(exc))
            continue
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


def _existing(event: Event, registrant: RegistrantInput) -> Registration | None:
    """The registration of this event with the record's phone (else its e-mail)."""
    qs = Registration.objects.filter(event=event).select_for_update()
    by_phone = qs.filter(phone_digits=phone_digits(registrant.phone)).first() if registrant.phone else None
    by_email = qs.filter(email=registrant.email).first() if registrant.email else None
    if by_phone and by_email and by_phone.pk != by_email.pk:
        raise EventError("電話與電子郵件分屬本活動的兩筆不同報名，無法判斷要更新哪一筆")
    return by_phone or by_email


def _import_registration(record: dict[str, Any]) -> bool:
    """Write one registration record; True when it was created."""
    _unknown_keys(record, REGISTRATION_KEYS)
    event_id = _text(record, "event_id")
    if not event_id:
        raise EventError("缺少活動代碼 event_id")
    status = _text(record, "status") or "registered"
    if status not in REGISTRATION_STATUSES:
        allowed = "、".join(f"{k}（{v}）" for k, v in REGISTRATION_STATUSES.items())
        raise EventError(f"報名狀態 status「{status}」不存在，可用：{allowed}")
    attended = _flag(record.get("attended"), "出席 attended", unknown=True)
    if attended is not None and status != "registered":
        raise EventError("只有狀態為 registered 的報名可以填寫出席 attended")
    clean = check_registrant(RegistrantInput(
        name=_text(record, "name"), org=_text(record, "org"), ubn=_text(record, "ubn"),
        phone=_text(record, "phone"), email=_text(record, "email"),
        consent=bool(_flag(record.get("consent"), "同意聯繫 consent"))), require_both=False)
    created_at = (parse_instant(record["created_at"], "報名時間 created_at")
                  if record.get("created_at") else timezone.now())
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(event_id=event_id).first()
        if event is None:
            raise EventNotFound(event_id)
        registration = _existing(event, clean)
        created = registration is None
        if registration is None:
            registration = Registration(event=event, created_at=created_at)
        was_waiting = registration.status == "waitlisted"
        registration.name, registration.org, registration.ubn = clean.name, clean.org, clean.ubn
        registration.phone, registration.email, registration.consent = clean.phone, clean.email, clean.consent
        registration.phone_digits = phone_digits(clean.phone) if clean.phone else ""
        registration.enterprise = link_enterprise(clean)
        registration.status, registration.attended = status, attended
        if status != "waitlisted":
            registration.position = None
        elif not was_waiting:
            registration.position = Registration.objects.filter(event=event, status="waitlisted").count() + 1
        registration.save()
    return created


def import_registrations(records: Iterable[Record]) -> ImportResult:
    """Upsert each registration record by (event_id, phone, else e-mail); the status and
    attendance are taken as recorded (history), the enterprise linked by its 統一編號."""
    result = ImportResult()
    for line, record in records:
        try:
            created = _import_registration(record)
        except (EventError, EventNotFound, ValueError) as exc:
            result.error(line, str(exc))
            continue
        except IntegrityError:
            result.error(line, "此電話或電子郵件已有本活動的另一筆報名")
            continue
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result
