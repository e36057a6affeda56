"""The events routes of the JSON API (DESIGN "Events"): upcoming events, one event's public
information (a consultation day with its time slots), registration
(`POST /api/events/<event_id>/registrations`, which e-mails the cancel link) and the booking of
a consultation-day slot (`POST /api/events/<event_id>/slots/<slot_id>/bookings`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema
from pydantic import Field

from fudao.web.middleware import api_error_response

if TYPE_CHECKING:
    from fudao.events.checks import RegistrantInput

router = Router(tags=["活動"])

MAX_BODY_BYTES = 16 * 1024
TEXT_FIELDS = ("name", "org", "ubn", "phone", "email")
FIELD_LABELS = {"name": "姓名 name", "org": "單位 org", "ubn": "統一編號 ubn", "phone": "電話 phone",
                "email": "電子郵件 email", "consent": "同意聯繫 consent"}
BOOKING_LABELS = {**FIELD_LABELS, "question": "諮詢事項 question"}


class ErrorOut(Schema):
    """An error: `{"error": zh-TW message}`."""

    error: str


class RegistrationIn(Schema):
    """A registration as posted."""

    name: str
    org: str = ""
    ubn: str | None = None
    phone: str
    email: str
    consent: bool = False


class RegistrationOut(Schema):
    """The registration's id, its status and its waitlist position (null with a seat)."""

    id: int
    status: str
    position: int | None
    cancel_url: str


class CountsOut(Schema):
    """The event's registrations counted, and the seats left."""

    registered: int
    waitlisted: int
    cancelled: int
    attended: int
    seats_left: int


class ExpertOut(Schema):
    """The expert of a consultation-day slot."""

    name: str = Field(description="專家姓名")
    kind: str = Field(description="lawyer、accountant 或 financial_advisor")
    kind_label: str = Field(description="律師、會計師或財務顧問")


class SlotOut(Schema):
    """One consultation-day time slot as the public sees it (no booking details)."""

    id: int
    starts_at: str = Field(description="開始時間（ISO 8601，臺北時間）")
    ends_at: str = Field(description="結束時間（ISO 8601，臺北時間）")
    expert: ExpertOut
    free: bool = Field(description="尚未被預約")
    bookable: bool = Field(description="目前可預約：尚未被預約、尚未開始且活動未停辦")


class EventOut(Schema):
    """An event's public information."""

    event_id: str
    kind: str = Field(description="info_session、promotion、consultation_day 或 training")
    kind_label: str
    title: str
    starts_at: str
    ends_at: str
    region: str
    venue: str
    capacity: int
    measures: list[str]
    cancelled: bool
    open: bool = Field(description="仍可報名")
    counts: CountsOut
    slots: list[SlotOut] | None = Field(None, description="僅專業諮詢日（consultation_day）有此欄位：各諮詢時段")


class BookingIn(RegistrationIn):
    """A consultation-day slot booking as posted (phone and e-mail both required)."""

    question: str = Field("", description="諮詢事項（最多 2,000 字）")


class BookingOut(Schema):
    """The booked slot and the number of the case it opened."""

    case_no: str = Field(description="案號（可至 /status/ 以案號與電話末 4 碼查詢進度）")
    slot_id: int


ERRORS = {code: ErrorOut for code in (400, 404, 409, 413)}
REGISTRATION_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": RegistrationIn.model_json_schema()}}}}
BOOKING_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": BookingIn.model_json_schema()}}}}


def _ok(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


@router.get("", summary="近期活動（可依地區、類型篩選）", response={200: dict, 400: ErrorOut})
def events(request: HttpRequest, region: str = "", kind: str = "") -> HttpResponse:
    """Upcoming events, soonest first: {"events": [event], "count"}."""
    from fudao.events import selectors
    from fudao.events.vocabulary import EVENT_KINDS

    if kind and kind not in EVENT_KINDS:
        return api_error_response(400, f"活動類型 kind「{kind}」不存在，可用：{'、'.join(EVENT_KINDS)}")
    rows = [selectors.event_json(e) for e in selectors.upcoming(region=region or None, kind=kind or None)]
    return _ok({"events": rows, "count": len(rows)})


@router.get("/{event_id}", summary="單一活動的公開資訊（專業諮詢日含諮詢時段）",
            response={200: EventOut, 404: ErrorOut})
def event(request: HttpRequest, event_id: str) -> HttpResponse:
    """The event's public information with its counts and seats left; a consultation day also
    lists its slots (id, starts_at, ends_at, expert, free, bookable); 404 for an unknown id."""
    from fudao.events import selectors

    return _ok(selectors.public_event_json(selectors.get_event(event_id)))


def _body(request: HttpRequest, labels: dict[str, str] = FIELD_LABELS) -> dict[str, Any] | HttpResponse:
    """The posted JSON object with only the fields of `labels`, text fields as strings and
    consent a boolean; else a 4xx answer naming the field."""
    from fudao.web.limits import InputError, loads_json

    if len(request.body) > MAX_BODY_BYTES:
        return api_error_response(413, f"請求內容過大（上限 {MAX_BODY_BYTES // 1024} KB）")
    try:
        data = loads_json(request.body or b"null")
    except InputError:
        return api_error_response(400, "請求內容須為 UTF-8 編碼的 JSON 物件")
    if not isinstance(data, dict):
        fields = ",".join(f'"{k}"' for k in labels)
        return api_error_response(400, f"請求內容須為 JSON 物件：{{{fields}}}")
    extra = sorted(set(data) - set(labels))
    if extra:
        return api_error_response(400, f"不認得的欄位：{'、'.join(extra)}")
    for key in labels:
        if key != "consent" and data.get(key) is not None and not isinstance(data[key], str):
            return api_error_response(400, f"{labels[key]} 須為字串")
    if not isinstance(data.get("consent", False), bool):
        return api_error_response(400, "同意聯繫 consent 須為 true 或 false")
    return data


@router.post("/{event_id}/registrations", summary="報名活動（額滿時列入候補）",
             response={201: RegistrationOut, **ERRORS}, openapi_extra=REGISTRATION_BODY)
def register(request: HttpRequest, event_id: str) -> HttpResponse:
    """Register for an event: {"id", "status": "registered"|"waitlisted", "position", "cancel_url"};
    with an e-mail, the cancel link is also e-mailed (by the worker). 400 bad fields, 404 unknown
    event, 409 past or cancelled event or already registered, 413 body too large."""
    from django.urls import reverse

    from fudao.events.services import register as run_register

    data = _body(request)
    if isinstance(data, HttpResponse):
        return data
    registrant = _registrant(data)
    done = run_register(event_id=event_id, registrant=registrant, site_url=request.build_absolute_uri("/"))
    r = done.registration
    link = request.build_absolute_uri(reverse("events:cancel", args=[event_id, done.token]))
    return _ok({"id": r.pk, "status": r.status, "position": r.position, "cancel_url": link}, status=201)


def _registrant(data: dict[str, Any]) -> RegistrantInput:
    """The registrant of a posted registration or booking (its text fields and consent)."""
    from fudao.events.checks import RegistrantInput as Registrant

    return Registrant(**{k: data.get(k) or "" for k in TEXT_FIELDS}, consent=bool(data.get("consent", False)))


@router.post("/{event_id}/slots/{slot_id}/bookings", summary="預約專業諮詢日的諮詢時段（開立案件）",
             response={201: BookingOut, **ERRORS}, openapi_extra=BOOKING_BODY)
def book(request: HttpRequest, event_id: str, slot_id: int) -> HttpResponse:
    """Book a free slot of a consultation day: a case of kind consultation_day, {"case_no",
    "slot_id"}. 400 bad fields, 404 unknown event or slot (or a slot of another event), 409 a
    slot already booked or a past or cancelled day, 413 body too large."""
    from fudao.accounts.actors import ANONYMOUS
    from fudao.events.errors import SlotNotFound
    from fudao.events.selectors import get_event
    from fudao.events.slots import book_slot

    day = get_event(event_id)
    if day.kind != "consultation_day":
        return api_error_response(404, f"找不到諮詢時段「{slot_id}」")
    data = _body(request, BOOKING_LABELS)
    if isinstance(data, HttpResponse):
        return data
    registrant = _registrant(data)
    try:
        case = book_slot(slot_id=slot_id, event_id=event_id, registrant=registrant, by=ANONYMOUS,
                         summary=data.get("question") or "", channel="web", require_both=True)
    except SlotNotFound as exc:  # a bad field on a form, but an unknown address here
        return api_error_response(404, str(exc))
    return _ok({"case_no": case.case_no, "slot_id": slot_id}, status=201)
