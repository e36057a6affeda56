"""The JSON API under /api (django-ninja): the same services and JSON as the CLI commands."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from fudao.accounts.actors import actor_for_user
from fudao.cases import policy
from fudao.errors import FudaoError
from fudao.validation import parse_day
from fudao.web.limits import read_json_body
from fudao.web.middleware import api_error_response
from fudao.web.openapi import ASK, ERROR, MATCH, MEASURE, MEASURES, SEARCH, responses

# How callers identify themselves (DESIGN "People, roles, teams"). The cases and reports routes
# check credentials themselves (fudao.web.auth: a token first, else the session, every token
# failure counted by the lock-out), so no ninja `auth=` is attached; the OpenAPI document declares
# the schemes and, on every operation that may answer 401, that either one is accepted.
SECURITY_SCHEMES: dict[str, Any] = {
    "BearerAuth": {"type": "http", "scheme": "bearer",
                   "description": "API 權杖（以 fudao users token <帳號> 取得）：Authorization: Bearer <API 權杖>"},
    "SessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid",  # SESSION_COOKIE_NAME
                    "description": "於 /accounts/login/ 登入的工作階段（POST、PATCH 另需 CSRF 權杖）"},
}
CREDENTIALS: list[dict[str, list[str]]] = [{"BearerAuth": []}, {"SessionAuth": []}]
LOCKED_OUT = {"description": "API 權杖錯誤次數過多，暫時鎖定（附 zh-TW 訊息）",
              "content": {"application/json": {"schema": ERROR}}}


class FudaoAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document declares the Bearer token and the session (see above)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return with_security(with_components(schema))


DEFS_REF = "#/$defs/"
COMPONENTS_REF = "#/components/schemas/"


def with_components(schema: Any) -> Any:
    """The OpenAPI document with the `$defs` of the request bodies given as pydantic JSON schemas
    (`model_json_schema()` in `openapi_extra`) moved to `components/schemas`, and their
    `#/$defs/…` references pointed there: a `$defs` nested in an operation is not where a
    document-level `#/$defs/…` reference looks, so such references resolved to nothing. On a
    copy: the operations' `openapi_extra` dicts are shared by every build of the document."""
    schema = copy.deepcopy(schema)
    components = schema.setdefault("components", {}).setdefault("schemas", {})

    def hoist(node: Any) -> Any:
        if isinstance(node, dict):
            for name, definition in (node.pop("$defs", None) or {}).items():
                components.setdefault(name, hoist(definition))
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(DEFS_REF):
                node["$ref"] = COMPONENTS_REF + ref[len(DEFS_REF):]
            for value in list(node.values()):
                hoist(value)
        elif isinstance(node, list):
            for item in node:
                hoist(item)
        return node

    hoist(schema.get("paths", {}))
    hoist(components)
    return schema


def with_security(schema: Any) -> Any:
    """The OpenAPI document with the security schemes, and on each operation that documents a 401
    the credentials it takes and the 429 of a client locked out after bad tokens."""
    from django.conf import settings

    schemes = {**SECURITY_SCHEMES, "SessionAuth": {**SECURITY_SCHEMES["SessionAuth"],
                                                   "name": settings.SESSION_COOKIE_NAME}}
    schema.setdefault("components", {}).setdefault("securitySchemes", {}).update(schemes)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if "401" in responses or 401 in responses:
                operation.setdefault("security", CREDENTIALS)
                responses.setdefault("429", LOCKED_OUT)
    return schema


api = FudaoAPI(
    title="fudao 輔導 API",
    version="1.0.0",
    description="經濟部企業輔導措施：文件搜尋、問答、措施目錄與資格比對。錯誤一律回傳 {\"error\": 訊息}。",
    openapi_url="/openapi.json",
    docs_url=None,
    urls_namespace="api",
)

PARAM_LABELS = {"q": "查詢 q", "k": "筆數 k", "doc": "文件 doc", "open_on": "日期 open_on", "on": "日期 on",
                "all": "參數 all", "explain": "參數 explain", "min_amount_twd": "金額下限 min_amount_twd"}
def _profile_schema() -> dict[str, Any]:
    from fudao.rules.profile import Profile

    schema = Profile.model_json_schema()
    schema["description"] = "企業資料（DESIGN 的欄位；未提供的欄位視為未知；不認得的欄位回 400）"
    return schema


PROFILE_BODY = {"required": True, "content": {"application/json": {"schema": _profile_schema()}}}


PUBLIC_STATUSES = ("published", "retired")


def can_see_drafts(request: HttpRequest) -> bool:
    """Whether the signed-in requester may see unpublished measures (the case policy decides)."""
    user = getattr(request, "user", None)
    return policy.can_see_drafts(actor_for_user(user), admin_site=bool(getattr(user, "is_staff", False)))


def ok(data: dict[str, Any]) -> JsonResponse:
    """A 200 JSON answer with Chinese kept readable."""
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    name = str(first.get("loc", ["", "?"])[-1])
    label = PARAM_LABELS.get(name, f"參數 {name}")
    kind = str(first.get("type", ""))
    if kind == "missing":
        return api_error_response(400, f"缺少{label}")
    if kind.startswith("int"):
        return api_error_response(400, f"{label} 須為整數")
    if kind.startswith("bool"):
        return api_error_response(400, f"{label} 須為 true 或 false")
    return api_error_response(400, f"{label} 的值不正確")


@api.exception_handler(FudaoError)
def _application_error(request: HttpRequest, exc: FudaoError) -> HttpResponse:
    """Every application error by its kind: 400 invalid, 403 denied, 404 not found, 409 conflict."""
    return api_error_response(exc.status, str(exc) or None)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api_error_response(exc.status_code, str(exc) if exc.status_code < 500 else None)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    import logging

    from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent

    if isinstance(exc, RequestDataTooBig):
        return api_error_response(413)
    if isinstance(exc, TooManyFieldsSent):
        return api_error_response(400, "查詢參數過多")
    if isinstance(exc, SuspiciousOperation):
        return api_error_response(400)

    logging.getLogger("fudao.web").exception("API error on %s", request.path)
    return api_error_response(500)


@api.get("/search", summary="搜尋文件段落（同 fudao search）",
         openapi_extra={"responses": responses(SEARCH, 400, 429)})
def search(request: HttpRequest, q: str = "", k: int = 10, doc: str | None = None) -> HttpResponse:
    """Ranked passages (optionally in one document): {"hits": [{doc, section, line_start, line_end, text, score}]}."""
    from fudao.search.services import search as run_search

    return ok(run_search(q, k=k, doc=doc or None).to_dict())


@api.get("/ask", summary="問答並附出處（同 fudao ask）", openapi_extra={"responses": responses(ASK, 400, 429)})
def ask(request: HttpRequest, q: str = "") -> HttpResponse:
    """A cited answer: {"answer", "citations": [{doc, line_start, line_end, quote}], "measures"}."""
    from fudao.search.services import ask as run_ask

    return ok(run_ask(q).to_dict())


def _parse_day(value: str | None, name: str = "open_on") -> date | None:
    return parse_day(value, f"日期 {name}") if value else None


@api.get("/measures", summary="輔導措施目錄（同 fudao measures list）",
         openapi_extra={"responses": responses(MEASURES, 400, 403)})
def measures(
    request: HttpRequest,
    facet: str | None = None,
    agency: str | None = None,
    instrument: str | None = None,
    open_on: str | None = None,
    status: str | None = None,
    all: bool = False,
    min_amount_twd: int | None = None,
) -> HttpResponse:
    """The catalogue with the CLI's filters: {"measures": [...], "count", "facets": {...}}.

    Only editors (staff) see unpublished measures; for others `all` lists the published ones."""
    from fudao.catalogue.services import STATUSES, list_measures

    if not can_see_drafts(request):
        if status in STATUSES and status not in PUBLIC_STATUSES:
            return api_error_response(403, "未公開的輔導措施（草稿、審核中）僅限編輯人員檢視")
        if all and not status:
            status = "published"
    return ok(list_measures(facet=facet or None, agency=agency or None, instrument=instrument or None,
                            open_on=_parse_day(open_on), status=status or None, include_all=all,
                            min_amount_twd=min_amount_twd))


@api.get("/measures/{measure_id}", summary="單一輔導措施（同 fudao measures show）",
         openapi_extra={"responses": responses(MEASURE, 400, 404)})
def measure(request: HttpRequest, measure_id: str) -> HttpResponse:
    """Every field of one measure with its sources; 404 for an unknown id."""
    from fudao.catalogue.services import get_measure

    data = get_measure(measure_id)
    if data["status"] not in PUBLIC_STATUSES and not can_see_drafts(request):
        return api_error_response(404, f"找不到輔導措施「{measure_id}」")
    return ok(data)


@api.post("/match", summary="資格比對（同 fudao match）", openapi_extra={
    "requestBody": PROFILE_BODY,
    "responses": responses(MATCH, 400, 413, 429),
})
def match(request: HttpRequest, explain: bool = False, on: str | None = None) -> HttpResponse:
    """Eligibility of the posted profile (on a date, with the rule trace if asked):
    {"results": [{measure_id, name, status, reasons, missing_facts, max_amount_twd, sources, …}]}."""
    from fudao.matching.services import match as run_match
    from fudao.rules.profile import parse_profile

    body = read_json_body(request)
    when = _parse_day(on, "on")
    return ok(run_match(parse_profile(body), explain=explain, on=when))


api.add_router("/events", "fudao.web.api_events.router")
api.add_router("/reports", "fudao.web.api_reports.router")
api.add_router("/alerts", "fudao.web.api_alerts.router")
api.add_router("/", "fudao.web.api_cases.router")  # the cases API (fudao.web.api_cases)
