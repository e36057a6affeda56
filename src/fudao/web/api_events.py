"""The events routes of the JSON API (DESIGN "Events"): upcoming events, one event's public
information, and registration (`POST /api/events/<event_id>/registrations`)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema

from fudao.web.middleware import api_error_response

router = Router(tags=["活動"])

MAX_BODY_BYTES = 16 * 1024
TEXT_FIELDS = ("name", "org", "ubn", "phone", "email")
FIELD_LABELS = {"name": "姓名 name", "org": "單位 org", "ubn": "統一編號 ubn", "phone": "電話 phone",
                "email": "電子郵件 email", "consent": "同意聯繫 consent"}


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


ERRORS = {code: ErrorOut for code in (400, 404, 409)}
REGISTRATION_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": RegistrationIn.model_json_schema()}}}}


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


@router.get("/{event_id}", summary="單一活動的公開資訊", response={200: dict, 404: ErrorOut})
def event(request: HttpRequest, event_id: str) -> HttpResponse:
    """The event's public information with its counts and seats left; 404 for an unknown id."""
    from fudao.events import selectors
    from fudao.events.errors import EventNotFound

    try:
        return _ok(selectors.event_json(selectors.get_event(event_id)))
    except EventNotFound as exc:
        return api_error_response(404, str(exc))


def _body(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    if len(request.body) > MAX_BODY_BYTES:
        return api_error_response(413, f"請求內容過大（上限 {MAX_BODY_BYTES // 1024} KB）")
    try:
        data = json.loads(request.body.decode("utf-8") or "null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return api_error_response(400, "請求內容須為 UTF-8 編碼的 JSON 物件")
    if not isinstance(data, dict):
        return api_error_response(400, '請求內容須為 JSON 物件：{"name","org","ubn","phone","email","consent"}')
    extra = sorted(set(data) - set(FIELD_LABELS))
    if extra:
        return api_error_response(400, f"不認得的欄位：{'、'.join(extra)}")
    for key in TEXT_FIELDS:
        if data.get(key) is not None and not isinstance(data[key], str):
            return api_error_response(400, f"{FIELD_LABELS[key]} 須為字串")
    if not isinstance(data.get("consent", False), bool):
        return api_error_response(400, "同意聯繫 consent 須為 true 或 false")
    return data


@router.post("/{event_id}/registrations", summary="報名活動（額滿時列入候補）",
             response={201: RegistrationOut, **ERRORS}, openapi_extra=REGISTRATION_BODY)
def register(request: HttpRequest, event_id: str) -> HttpResponse:
    """Register for an event: {"id", "status": "registered"|"waitlisted", "position", "cancel_url"}.
    400 bad fields, 404 unknown event, 409 past or cancelled event or already registered."""
    from django.urls import reverse

    from fudao.events.checks import RegistrantInput
    from fudao.events.errors import EventConflict, EventError, EventNotFound
    from fudao.events.services import register as run_register

    data = _body(request)
    if isinstance(data, HttpResponse):
        return data
    registrant = RegistrantInput(**{k: data.get(k) or "" for k in TEXT_FIELDS},
                                 consent=bool(data.get("consent", False)))
    try:
        done = run_register(event_id=event_id, registrant=registrant)
    except EventNotFound as exc:
        return api_error_response(404, str(exc))
    except EventConflict as exc:
        return api_error_response(409, str(exc))
    except EventError as exc:
        return api_error_response(400, str(exc))
    r = done.registration
    link = request.build_absolute_uri(reverse("events:cancel", args=[event_id, done.token]))
    return _ok({"id": r.pk, "status": r.status, "position": r.position, "cancel_url": link}, status=201)
