"""Validation of event and registrant data shared by the services and the importer; each
refusal is an EventError whose zh-TW message names the field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from fudao import validation
from fudao.enterprises.services import EMAIL, EnterpriseError, check_ubn, phone_digits
from fudao.errors import Invalid
from fudao.events.errors import EventError
from fudao.events.vocabulary import EVENT_KINDS, EXPERT_KINDS

EVENT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
PHONE_CHARS = re.compile(r"^[0-9０-９+()（）\-－ #＃轉分機extEXT.]+$")
MAX_CAPACITY = 100_000


@dataclass(frozen=True)
class EventInput:
    """An event's fields as given (DESIGN "Events")."""

    event_id: str
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    region: str = ""
    venue: str = ""
    capacity: int = 0
    measures: tuple[str, ...] = ()
    cancelled: bool = False


@dataclass(frozen=True)
class RegistrantInput:
    """A registrant as typed on the form, the API or a CLI line."""

    name: str
    phone: str = ""
    email: str = ""
    org: str = ""
    ubn: str = ""
    consent: bool = False


def aware(value: dt.datetime, what: str) -> dt.datetime:
    """An aware instant (a naive one is read as Asia/Taipei)."""
    if not isinstance(value, dt.datetime):
        raise EventError(f"{what} 須為日期時間（例如 2026-05-01T14:00+08:00）")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def parse_instant(value: Any, what: str) -> dt.datetime:
    """An ISO 8601 date-time (naive = Asia/Taipei), or EventError naming the field."""
    if isinstance(value, dt.datetime):
        return aware(value, what)
    text = str(value or "").strip()
    if not text:
        raise EventError(f"缺少{what}")
    try:
        return aware(validation.parse_instant(text, what, past_event=False), what)
    except Invalid:
        raise EventError(f"{what}「{text}」格式不正確（請用 ISO 8601，例如 2026-05-01T14:00+08:00）") from None


def check_event(data: EventInput) -> EventInput:
    """The event's fields trimmed and checked."""
    event_id = (data.event_id or "").strip()
    if not EVENT_ID.match(event_id):
        raise EventError(f"活動代碼 event_id「{event_id}」須為小寫英數字、- 或 _（最多 80 字）")
    if data.kind not in EVENT_KINDS:
        allowed = "、".join(f"{k}（{v}）" for k, v in EVENT_KINDS.items())
        raise EventError(f"活動類型 kind「{data.kind}」不存在，可用：{allowed}")
    title = (data.title or "").strip()
    if not title or len(title) > 200:
        raise EventError("活動名稱 title 必填（最多 200 字）")
    starts = aware(data.starts_at, "開始時間 starts_at")
    ends = aware(data.ends_at, "結束時間 ends_at")
    if ends <= starts:
        raise EventError("結束時間 ends_at 須晚於開始時間 starts_at")
    if isinstance(data.capacity, bool) or not isinstance(data.capacity, int) or not 1 <= data.capacity <= MAX_CAPACITY:
        raise EventError(f"名額 capacity 須為 1 到 {MAX_CAPACITY:,} 的整數（收到 {data.capacity!r}）")
    region, venue = (data.region or "").strip(), (data.venue or "").strip()
    if len(region) > 40:
        raise EventError("地區 region 過長（最多 40 字）")
    if len(venue) > 200:
        raise EventError("地點 venue 過長（最多 200 字）")
    return EventInput(event_id=event_id, kind=data.kind, title=title, starts_at=starts, ends_at=ends,
                      region=region, venue=venue, capacity=data.capacity,
                      measures=check_measures(data.measures), cancelled=bool(data.cancelled))


def check_measures(ids: Iterable[str]) -> tuple[str, ...]:
    """Measure ids de-duplicated; each one must be in the catalogue."""
    from fudao.catalogue.models import Measure

    wanted: list[str] = []
    for raw in ids:
        value = str(raw).strip()
        if value and value not in wanted:
            wanted.append(value)
    if wanted:
        known = set(Measure.objects.filter(id__in=wanted).values_list("id", flat=True))
        missing = [m for m in wanted if m not in known]
        if missing:
            raise EventError(f"相關措施 measures 中的「{'、'.join(missing)}」不在措施目錄中")
    return tuple(wanted)


def check_registrant(data: RegistrantInput, *, require_both: bool = True) -> RegistrantInput:
    """The registrant trimmed and checked: name, phone and e-mail (both, or with
    `require_both=False` at least one), organisation, 統一編號 (optional, checksum)."""
    name = (data.name or "").strip()
    if not name:
        raise EventError("請填寫姓名")
    if len(name) > 100:
        raise EventError("姓名過長（最多 100 字）")
    org = (data.org or "").strip()
    if len(org) > 200:
        raise EventError("單位名稱過長（最多 200 字）")
    phone = (data.phone or "").strip()
    email = (data.email or "").strip().lower()
    if require_both and not phone:
        raise EventError("請填寫聯絡電話")
    if require_both and not email:
        raise EventError("請填寫電子郵件")
    if not phone and not email:
        raise EventError("請填寫聯絡電話或電子郵件")
    if phone:
        digits = phone_digits(phone)
        if not PHONE_CHARS.match(phone) or len(phone) > 40 or not 8 <= len(digits) <= 15:
            raise EventError(f"聯絡電話「{phone}」格式不正確（請含區碼，例如 02-2345-6789 或 0912-345-678）")
    if email and (len(email) > 254 or not EMAIL.match(email)):
        raise EventError(f"電子郵件「{email}」格式不正確")
    ubn = (data.ubn or "").strip()
    if ubn:
        try:
            ubn = check_ubn(ubn)
        except EnterpriseError as exc:
            raise EventError(str(exc)) from None
    return RegistrantInput(name=name, phone=phone, email=email, org=org, ubn=ubn,
                           consent=bool(data.consent))


def check_expert_kind(kind: str) -> str:
    """An expert kind from the vocabulary (律師, 會計師, 財務顧問); the zh-TW label is accepted too."""
    for key, label in EXPERT_KINDS.items():
        if kind in (key, label):
            return key
    allowed = "、".join(f"{k}（{v}）" for k, v in EXPERT_KINDS.items())
    raise EventError(f"專家類別「{kind}」不存在，可用：{allowed}")
