"""Site-wide HTTP concerns: a request-body cap (413), security headers on every response, JSON
errors under /api."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from fudao.audit.services import locked_message
from fudao.errors import FudaoError
from fudao.validation import Invalid, check_record, shown
from fudao.web.limits import close_after

Handler = Callable[[HttpRequest], HttpResponse]

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

API_PREFIX = "/api/"

# zh-TW messages for API errors that Django or ninja answer without a JSON body.
API_STATUS_MESSAGES = {
    400: "請求格式不正確",
    403: "請求遭拒絕",
    404: "找不到這個 API 位址",
    405: "此 API 位址不支援這個 HTTP 方法",
    413: "請求內容過大",
    429: "請求過於頻繁，請稍後再試",
    415: "請以 JSON 格式（Content-Type: application/json）送出",
    500: "伺服器發生錯誤，請稍後再試",
}


def security_headers(get_response: Handler) -> Handler:
    """Middleware: add CSP (only 'self'), nosniff, referrer policy and frame denial to responses."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)
        return response

    return middleware


def _is_json_error(response: HttpResponse) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return False
    return isinstance(body, dict) and "error" in body


def api_error_response(status: int, message: str | None = None) -> JsonResponse:
    """A JSON error `{"error": zh-TW message}` with the given status (a message quoting a bad
    value keeps it readable: its control characters and lone surrogates as their codes)."""
    text = shown(message or API_STATUS_MESSAGES.get(status) or HTTPStatus(status).phrase, limit=2000)
    return JsonResponse({"error": text}, status=status, json_dumps_params={"ensure_ascii": False})


def api_errors(get_response: Handler) -> Handler:
    """Middleware: under /api, every 4xx/5xx answer is JSON `{"error": …}` in zh-TW (no stack trace)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if getattr(response, "streaming", False) or _is_json_error(response):
            return response
        converted = api_error_response(response.status_code)
        if response.status_code == 405 and response.has_header("Allow"):
            converted["Allow"] = response["Allow"]
        return converted

    return middleware


def error_page(request: HttpRequest, status: int, message: str | None = None) -> HttpResponse:
    """A zh-TW error answer: JSON `{"error": …}` under /api, else the page `<status>.html`."""
    if request.path.startswith(API_PREFIX):
        return api_error_response(status, message)
    from django.template.loader import render_to_string

    message = shown(message, limit=2000) if message else message
    html = render_to_string(f"{status}.html", {"message": message, "exception": message}, request=request)
    return HttpResponse(html, status=status)


class ApplicationErrors:
    """Middleware: an application error (`fudao.errors`) that a page's view lets through is
    answered by its kind — 400, 403 with the reason, 404 (as for what does not exist), 409 —
    with the zh-TW page (JSON under /api); views catch only what they answer otherwise (a form
    shown again with its error)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The error page of an application error; None (Django's handling) for anything else."""
        if not isinstance(exception, FudaoError):
            return None
        return error_page(request, exception.status, str(exception) or None)


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """django-axes' answer to a locked-out client: 429 with a zh-TW message (JSON under /api)."""
    return error_page(request, 429, locked_message())


# Routes that take files (multipart): their bodies may exceed the form limit.
UPLOAD_PATHS = re.compile(r"^/(api/cases/[^/]+/attachments|desk/cases/[^/]+/attachments|reply/[^/]+)/?$")


def body_limit(get_response: Handler) -> Handler:
    """Middleware: a request whose declared body exceeds DATA_UPLOAD_MAX_MEMORY_SIZE gets 413
    before any of it is read (JSON under /api, the zh-TW page elsewhere)."""
    from django.conf import settings

    def middleware(request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and UPLOAD_PATHS.match(request.path):
            # file uploads (case attachments, the enterprise's reply): a few files at their limit
            limit = 3 * int(getattr(settings, "FUDAO_ATTACHMENT_MAX_BYTES", limit)) + limit
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_page(request, 400, "Content-Length 標頭不正確")
        if limit is not None and declared > limit:
            close_after(request)
            return error_page(request, 413, f"請求內容過大（上限 {limit // 1024} KB）")
        return get_response(request)

    return middleware


# Bodies read as text: forms and JSON. Multipart (files) is left to its parser.
TEXT_BODIES = ("application/x-www-form-urlencoded", "application/json", "text/plain")
UTF8_NAMES = {"", "utf-8", "utf8"}


# The labels of a case's fields in the JSON bodies of /api/cases… (the words the case services
# use), so that a refusal here reads like theirs; other routes' fields are named by their key.
CASE_BODY_LABELS = {
    "summary": "摘要", "name": "企業名稱", "enterprise_name": "企業名稱", "contact.name": "聯絡人姓名",
    "contact.phone": "聯絡電話", "contact.email": "電子郵件", "contact_name": "聯絡人姓名",
    "contact_phone": "聯絡電話", "contact_email": "電子郵件", "assignee": "承辦人", "team": "團隊",
    "status": "狀態", "kind": "類別", "channel": "來源", "needs": "需求", "reason": "結案原因",
    "opened_at": "受理時間", "ubn": "統一編號", "at": "活動時間", "type": "活動類型",
}


def json_refusal(text: str, labels: dict[str, str] | None = None) -> str | None:
    """Why a JSON body is refused whole before any view reads it (None when it is not): a text
    anywhere in it (a key or a value, at any depth) with NUL, a control character or a lone
    surrogate (which JSON's \\u escapes can carry past the UTF-8 check), or a number that is
    not finite (NaN, Infinity, 1e309). A body that is not JSON is left to the route's parser."""
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(parsed, dict | list):
        return None  # the route says what it takes instead of a bare value
    try:
        check_record(parsed, labels)
    except Invalid as exc:
        return str(exc)
    except RecursionError:
        return None  # nested too deep: the route's parser refuses it by name
    return None


def body_encoding(get_response: Handler) -> Handler:
    """Middleware: a form or JSON body sent in another charset than UTF-8 (`charset=big5`), or
    with bytes that are not UTF-8, gets 400 with a zh-TW message before any view reads it (JSON
    under /api, the zh-TW page elsewhere), instead of being decoded into replacement characters
    or failing deeper down."""

    def middleware(request: HttpRequest) -> HttpResponse:
        content_type = (request.content_type or "").lower()
        if request.method in ("POST", "PUT", "PATCH") and content_type in TEXT_BODIES:
            charset = str((request.content_params or {}).get("charset", "")).strip().strip('"').lower()
            if charset not in UTF8_NAMES:
                return error_page(request, 400, "請求內容須以 UTF-8 編碼送出（不接受其他字元編碼）")
            try:
                text = request.body.decode("utf-8")
            except UnicodeDecodeError:
                return error_page(request, 400, "請求內容含有不是 UTF-8 的位元組，請以 UTF-8 編碼送出")
            labels = CASE_BODY_LABELS if request.path.startswith(f"{API_PREFIX}cases") else None
            if content_type == "application/json" and (refused := json_refusal(text, labels)):
                return error_page(request, 400, refused)
        return get_response(request)

    return middleware
