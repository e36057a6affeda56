"""The alerts routes of the JSON API (DESIGN "Alerts"): `POST /api/alerts/subscriptions`
saves a pending subscription and has the worker e-mail its confirmation link (public, rate
limited). A signed-in consultant may instead send `{"ubn", "email"}` to subscribe an
enterprise on record they may see (its facts; the consent recorded with who and when).
`GET /api/alerts/subscriptions` lists the subscriptions a signed-in user may read, as the
policy's selector gives them (an analyst sees the addresses masked)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema
from pydantic import Field

from fudao.web.middleware import api_error_response

router = Router(tags=["新措施通知"])
MAX_BODY_BYTES = 16 * 1024
FIELDS = ("email", "profile", "consent", "ubn")


class ErrorOut(Schema):
    """An error: `{"error": zh-TW message}`."""

    error: str


class SubscriptionIn(Schema):
    """A subscription as posted."""

    email: str = Field(description="電子郵件")
    profile: dict[str, Any] = Field(default_factory=dict, description="企業資料（企業資料欄位，皆可省略）")
    consent: bool = Field(False, description="同意以電子郵件通知新符合的措施（須為 true）")
    ubn: str | None = Field(None, description="顧問代為訂閱已登錄企業時的統一編號（須登入）")


class SubscriptionOut(Schema):
    """The new subscription: its id and state (pending until the e-mailed link is followed)."""

    id: int
    status: str


BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": SubscriptionIn.model_json_schema()}}}}


@router.post("/subscriptions", summary="訂閱「有新的措施符合時通知我」（寄出確認信）",
             response={201: SubscriptionOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 413: ErrorOut},
             openapi_extra=BODY)
def subscriptions(request: HttpRequest) -> HttpResponse:
    """Save a pending subscription and e-mail its confirmation link: {"id", "status": "pending"}.
    400 for a bad address, profile or a missing consent; 404 for an enterprise the signed-in
    consultant may not see."""
    from fudao.alerts.services import AlertError, subscribe, subscribe_enterprise
    from fudao.web.auth import AuthFailure, request_actor
    from fudao.web.limits import InputError, loads_json

    if len(request.body) > MAX_BODY_BYTES:
        return api_error_response(413, f"請求內容過大（上限 {MAX_BODY_BYTES // 1024} KB）")
    try:
        data = loads_json(request.body or b"null")
    except InputError:
        return api_error_response(400, "請求內容須為 UTF-8 編碼的 JSON 物件")
    if not isinstance(data, dict):
        return api_error_response(400, '請求內容須為 JSON 物件：{"email","profile","consent"}')
    extra = sorted(set(data) - set(FIELDS))
    if extra:
        return api_error_response(400, f"不認得的欄位：{'、'.join(extra)}")
    site = request.build_absolute_uri("/")
    try:
        if data.get("ubn") is not None:
            try:
                actor = request_actor(request)
            except AuthFailure as exc:
                return api_error_response(exc.status, str(exc))
            if actor.anonymous:
                return api_error_response(404, "代為訂閱已登錄企業須以顧問身分登入")
            try:
                done = subscribe_enterprise(ubn=str(data["ubn"]), email=data.get("email"), by=actor,
                                            site_url=site)
            except AlertError as exc:
                return api_error_response(404 if "找不到" in str(exc) else 400, str(exc))
        else:
            done = subscribe(email=data.get("email"), profile=data.get("profile", {}),
                             consent=data.get("consent"), site_url=site)
    except AlertError as exc:
        return api_error_response(400, str(exc))
    return JsonResponse({"id": done.pk, "status": done.state}, status=201)


class SubscriptionRow(Schema):
    """A subscription as listed: the address masked for an analyst."""

    id: int
    email: str
    status: str = Field(description="pending 待確認 · confirmed 已確認 · unsubscribed 已取消")
    ubn: str | None
    consent_by: str
    alerts: int = Field(description="已寄出與排定的通知信數")


class SubscriptionList(Schema):
    """`{"subscriptions": [...]}`."""

    subscriptions: list[SubscriptionRow]


@router.get("/subscriptions", summary="列出可查看的訂閱（分析人員看到的電子郵件已遮蔽）",
            response={200: SubscriptionList, 401: ErrorOut, 403: ErrorOut})
def list_subscriptions(request: HttpRequest) -> HttpResponse:
    """The subscriptions the signed-in user may read (`fudao.alerts.selectors.subscriptions`)."""
    from fudao.alerts.selectors import SubscriptionsDenied, subscriptions
    from fudao.web.auth import signed_in_actor

    actor = signed_in_actor(request)
    try:
        rows = subscriptions(actor)
    except SubscriptionsDenied as exc:
        return api_error_response(403, str(exc))
    keep = ("id", "email", "status", "ubn", "consent_by", "alerts")
    return JsonResponse({"subscriptions": [{k: r[k] for k in keep} for r in rows]})

