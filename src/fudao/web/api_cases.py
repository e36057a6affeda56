"""The cases API (DESIGN "Case JSON"): the same services, selectors and policy as `fudao cases`.

Who acts: `Authorization: Bearer <token>` (see `fudao users token`), or the signed-in session
user (unsafe methods then need the CSRF token). 401 without either, 403 for a role that may not
do this at all, 404 for a case the user may not see (exactly as for one that does not exist),
400 for bad input naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from ninja import Router
from ninja.errors import HttpError
from ninja.utils import check_csrf
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from fudao.accounts.actors import Actor
from fudao.cases import attachments, messages, policy, referrals, services
from fudao.cases.ledger import require
from fudao.cases.selectors import CaseFilters, activity_json, case_json, get_case, intake_matches
from fudao.cases.selectors import list_cases as run_list
from fudao.cases.triage import triage
from fudao.enterprises.services import ContactInput, check_ubn
from fudao.validation import parse_day as checked_day
from fudao.validation import parse_instant as checked_instant
from fudao.web.attachments import attachment_response
from fudao.web.auth import bearer_token, signed_in_actor
from fudao.web.limits import read_json_body
from fudao.web.openapi import ERROR as ERROR_SCHEMA

router = Router(tags=["cases"])

FIELD_LABELS = {"channel": "來源 channel", "kind": "類別 kind", "status": "狀態 status",
                "opened_at": "受理時間 opened_at", "at": "時間 at", "needs": "需求 needs",
                "assignee": "承辦人 assignee", "type": "活動類型 type", "data": "活動資料 data",
                "measure_id": "措施 measure_id", "ubn": "統一編號 ubn", "contact": "聯絡人 contact",
                "experts": "專家 experts", "expert_codes": "專家代碼 expert_codes", "text": "內容 text",
                "mode": "方式 mode",
                "reason": "結案原因 reason"}


def _error(status: int, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


ERRORS = {"400": _error(400, "輸入有誤（訊息指出欄位）"), "401": _error(401, "未登入或 API 權杖無效"),
          "403": _error(403, "此角色不能執行這項操作"), "404": _error(404, "找不到案件（或無權檢視，回應相同）")}
CASE_SCHEMA = {"type": "object", "description": "DESIGN 的案件 JSON", "additionalProperties": True}


def _doc(summary: str, *, body: type[BaseModel] | None = None, status: int = 200,
         description: str = "案件 JSON") -> dict[str, Any]:
    extra: dict[str, Any] = {"description": "以 Authorization: Bearer <API 權杖> 或登入的工作階段呼叫。",
                             "responses": {
        status: {"description": description, "content": {"application/json": {"schema": CASE_SCHEMA}}},
        **ERRORS}}
    if body is not None:
        extra["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": body.model_json_schema()}}}
    return {"summary": summary, "openapi_extra": extra}


def json_answer(data: dict[str, Any], status: int = 200) -> JsonResponse:
    """A JSON answer with Chinese kept readable."""
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


# --- who is acting ---------------------------------------------------------------------------

def actor_of(request: HttpRequest) -> Actor:
    """The actor of the request (token first, then session), or HttpError 401/403/429."""
    actor = signed_in_actor(request)
    by_token = bearer_token(request) is not None  # well formed: `signed_in_actor` read it
    if (not by_token and request.method not in ("GET", "HEAD", "OPTIONS")
            and check_csrf(request) is not None):
        raise HttpError(403, "CSRF 驗證失敗，請重新整理頁面後再試")
    if actor.role is None:
        raise HttpError(403, "您的帳號尚未設定角色，不能使用案件功能")
    return actor


# --- input -----------------------------------------------------------------------------------

class ContactIn(BaseModel):
    """A contact person given on intake."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field("", max_length=100)
    title: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    consent_to_contact: bool = False


class CaseIn(BaseModel):
    """A new case (`fudao cases open`)."""

    model_config = ConfigDict(extra="forbid")
    channel: str
    kind: str
    ubn: str | None = None
    name: str = Field("", max_length=200)
    contact: ContactIn | None = None
    needs: list[str] = Field(default_factory=list)
    summary: str = ""
    opened_at: str | None = None
    assignee: str | None = None
    team: str | None = None
    facts: dict[str, Any] | None = None


class CaseChange(BaseModel):
    """A change of status and/or assignee (`fudao cases update`); `assignee: null` unassigns;
    resolving and closing need a `reason`."""

    model_config = ConfigDict(extra="forbid")
    status: str | None = None
    reason: str | None = None
    assignee: str | None = None
    at: str | None = None


class ActivityIn(BaseModel):
    """An activity (`fudao cases log`): its type, time and fields (in `data` or alongside)."""

    model_config = ConfigDict(extra="allow")
    type: str
    at: str | None = None
    data: dict[str, Any] | None = None


class VisitDoneIn(BaseModel):
    """A planned visit marked done (`fudao cases visit-done`): when it took place, its experts,
    mode and notes (those not given are kept from the plan)."""

    model_config = ConfigDict(extra="forbid")
    at: str | None = None
    experts: list[str] | None = Field(None, max_length=20)
    expert_codes: list[str] | None = Field(None, max_length=20)
    text: str | None = Field(None, max_length=4000)
    mode: str | None = None


class ReferralOutcomeIn(BaseModel):
    """A referral's acceptance or end (`fudao cases referral`)."""

    model_config = ConfigDict(extra="forbid")
    outcome: str
    note: str = Field("", max_length=4000)
    at: str | None = None


class MessageIn(BaseModel):
    """A message to the enterprise (`fudao cases message`)."""

    model_config = ConfigDict(extra="forbid")
    kind: str
    text: str = Field(max_length=4000)


class MeasureIn(BaseModel):
    """A catalogue measure to attach to the case."""

    model_config = ConfigDict(extra="forbid")
    measure_id: str = Field(min_length=1, max_length=120)


def parse_body(request: HttpRequest, model: type[BaseModel]) -> Any:
    """The JSON body validated by `model`, or HttpError 400 naming the field."""
    body = read_json_body(request)
    if not isinstance(body, dict):
        raise HttpError(400, "請求內容須為 JSON 物件")
    try:
        return model.model_validate(body)
    except PydanticError as exc:
        first = exc.errors()[0]
        loc = [str(p) for p in first.get("loc", ())]
        name = ".".join(loc) or "?"
        label = FIELD_LABELS.get(loc[0] if loc else "", f"欄位 {name}")
        kind = str(first.get("type", ""))
        if kind == "missing":
            raise HttpError(400, f"缺少{label}") from None
        if kind == "extra_forbidden":
            raise HttpError(400, f"不認得的欄位「{name}」") from None
        raise HttpError(400, f"{label} 的值不正確（{name}）") from None


def parse_instant(value: str | None, label: str) -> dt.datetime | None:
    """An instant (ISO 8601 or 民國; Asia/Taipei when it has no offset), or Invalid (400)."""
    return checked_instant(value, label, past_event=False) if value else None


def parse_day(value: str | None, label: str) -> dt.date | None:
    """A day (ISO or 民國), or Invalid (400); None when not given."""
    return checked_day(value, label) if value else None


def _bool(value: str | None, label: str) -> bool:
    if value in (None, "", "0", "false", "False", "no"):
        return False
    if value in ("1", "true", "True", "yes"):
        return True
    raise HttpError(400, f"{label} 須為 true 或 false")


def _case(actor: Actor, case_no: str) -> Any:
    """The case if the actor may see it (CaseNotFound, 404, otherwise)."""
    return get_case(actor, case_no)


def _case_json(actor: Actor, case_no: str, status: int = 200) -> JsonResponse:
    return json_answer(case_json(actor, _case(actor, case_no)), status)


# --- routes ----------------------------------------------------------------------------------

@router.post("/cases", **_doc("受理新案件（同 fudao cases open）", body=CaseIn, status=201))
def open_case(request: HttpRequest) -> HttpResponse:
    """Open a numbered case (and assign it, when asked, in the same write); 201 with the case
    JSON. The service refuses an assignee or a team the user may not give, nothing written."""
    actor = actor_of(request)
    require(policy.can_open(actor))  # the role's door, before the body is read
    body: CaseIn = parse_body(request, CaseIn)
    contact = ContactInput(**body.contact.model_dump()) if body.contact else None
    case = services.open_case(channel=body.channel, kind=body.kind, by=actor, ubn=body.ubn or None,
                              enterprise_name=body.name, contact=contact, needs=body.needs,
                              summary=body.summary, opened_at=parse_instant(body.opened_at, "受理時間 opened_at"),
                              assignee=body.assignee or None, team=body.team, facts=body.facts)
    return _case_json(actor, case.case_no, 201)


@router.patch("/cases/{case_no}", **_doc("變更案件狀態或承辦人（同 fudao cases update）", body=CaseChange))
def change_case(request: HttpRequest, case_no: str) -> HttpResponse:
    """Change the status and/or the assignee (both or neither are written)."""
    actor = actor_of(request)
    _case(actor, case_no)
    body: CaseChange = parse_body(request, CaseChange)
    services.update_case(case_no=case_no, by=actor, status=body.status, reason=body.reason,
                         assignee=body.assignee if "assignee" in body.model_fields_set else services.UNCHANGED,
                         at=parse_instant(body.at, "時間 at"))
    return _case_json(actor, case_no)


@router.post("/cases/{case_no}/activities", **_doc("紀錄案件活動（同 fudao cases log）", body=ActivityIn,
                                                   status=201, description="{case_no, activity}"))
def log_activity(request: HttpRequest, case_no: str) -> HttpResponse:
    """Log an activity; 201 with `{"case_no", "activity"}`."""
    actor = actor_of(request)
    _case(actor, case_no)
    body: ActivityIn = parse_body(request, ActivityIn)
    data = {**(body.model_extra or {}), **(body.data or {})}
    row = services.log_activity(case_no=case_no, type=body.type, by=actor, data=data,
                                at=parse_instant(body.at, "活動時間 at"))
    return json_answer({"case_no": case_no, "activity": activity_json(row)}, 201)


@router.post("/cases/{case_no}/visits/{visit_id}/done",
             **_doc("將預定的訪視標記為已完成（同 fudao cases visit-done）", body=VisitDoneIn,
                    description="{case_no, activity}"))
def complete_visit(request: HttpRequest, case_no: str, visit_id: int) -> HttpResponse:
    """Mark a planned visit done; 200 with `{"case_no", "activity"}`."""
    actor = actor_of(request)
    _case(actor, case_no)
    body: VisitDoneIn = parse_body(request, VisitDoneIn)
    row = services.complete_visit(case_no=case_no, visit_id=visit_id, by=actor,
                                  at=parse_instant(body.at, "訪視時間 at"),
                                  experts=body.experts, text=body.text, mode=body.mode,
                                  expert_codes=body.expert_codes)
    return json_answer({"case_no": case_no, "activity": activity_json(row)})


@router.post("/cases/{case_no}/referrals/{referral_id}",
             **_doc("記錄轉介的結果：已受理、已完成或未受理（同 fudao cases referral）", body=ReferralOutcomeIn,
                    description="{case_no, activity}"))
def referral_outcome(request: HttpRequest, case_no: str, referral_id: int) -> HttpResponse:
    """Record a referral's outcome; 200 with `{"case_no", "activity"}`."""
    actor = actor_of(request)
    _case(actor, case_no)
    body: ReferralOutcomeIn = parse_body(request, ReferralOutcomeIn)
    row = referrals.update_referral(case_no=case_no, referral_id=referral_id, outcome=body.outcome,
                                    note=body.note, by=actor, at=parse_instant(body.at, "時間 at"))
    return json_answer({"case_no": case_no, "activity": activity_json(row)})


@router.get("/cases/{case_no}", **_doc("案件 JSON（同 fudao cases show）"))
def show_case(request: HttpRequest, case_no: str) -> HttpResponse:
    """The case JSON (contacts masked for analysts)."""
    return _case_json(actor_of(request), case_no)


@router.get("/cases", **_doc("依條件列出案件（同 fudao cases list）", description="{cases, count}"))
def list_cases(request: HttpRequest, status: str | None = None, kind: str | None = None,
               channel: str | None = None, team: str | None = None, assignee: str | None = None,
               overdue: str | None = None, limit: int = 200, offset: int = 0) -> HttpResponse:
    """`{"cases": [...], "count"}` of the visible cases matching the filters (`from`, `to`:
    opening dates, YYYY-MM-DD)."""
    actor = actor_of(request)
    if not 1 <= limit <= 1000 or offset < 0:
        raise HttpError(400, "筆數 limit 須介於 1 到 1000，位移 offset 不可為負")
    filters = CaseFilters(status=status or None, kind=kind or None, channel=channel or None,
                          team=team or None, assignee=assignee or None,
                          overdue=_bool(overdue, "逾期 overdue"),
                          opened_from=parse_day(request.GET.get("from"), "日期 from"),
                          opened_to=parse_day(request.GET.get("to"), "日期 to"),
                          limit=limit, offset=offset)
    return json_answer(run_list(actor, filters))


@router.get("/cases/{case_no}/triage", **_doc("案件的分類建議（措施比對與文件問答）",
                                              description="{measures, answer}"))
def triage_case(request: HttpRequest, case_no: str) -> HttpResponse:
    """The measures that fit the case's enterprise and a cited answer to its summary."""
    actor = actor_of(request)
    return json_answer(triage(_case(actor, case_no)))


@router.post("/cases/{case_no}/measures", **_doc("將措施加入案件", body=MeasureIn, status=201,
                                                 description="{case_no, measure_id, name, status, max_amount_twd}"))
def attach_measure(request: HttpRequest, case_no: str) -> HttpResponse:
    """Attach a catalogue measure to the case (with its status and cap for the enterprise)."""
    actor = actor_of(request)
    _case(actor, case_no)
    body: MeasureIn = parse_body(request, MeasureIn)
    row = services.attach_measure(case_no=case_no, measure_id=body.measure_id, by=actor)
    return json_answer({"case_no": case_no, "measure_id": row.measure_id, "name": row.name,
                        "status": row.status, "max_amount_twd": row.max_amount_twd}, 201)


@router.get("/intake/lookup", **_doc("受理時查重：同統一編號或同電話的企業與其未結案件",
                                     description="{matches: [{ubn, name, county, open_cases}]}"))
def intake_lookup(request: HttpRequest, ubn: str = "", phone: str = "") -> HttpResponse:
    """Enterprises on record with this 統一編號 or phone, and their open cases."""
    actor = actor_of(request)
    require(policy.can_open(actor))
    if not ubn.strip() and not phone.strip():
        raise HttpError(400, "請提供統一編號 ubn 或電話 phone")
    if ubn.strip():
        check_ubn(ubn)
    return json_answer(intake_matches(actor, ubn=ubn.strip(), phone=phone.strip()))




# --- files and messages (DESIGN "Case files and messages") -----------------------------------

ATTACHMENT_SCHEMA = {"type": "object", "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}, "type": {"type": "string"},
    "bytes": {"type": "integer"}}}


@router.post("/cases/{case_no}/attachments", summary="附加檔案到案件（同 fudao cases attach）",
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {
                 "schema": {"type": "object", "required": ["file"], "properties": {
                     "file": {"type": "string", "format": "binary"},
                     "activity": {"type": "integer", "description": "附在此活動上（選填）"}}}}}},
                 "responses": {201: {"description": "{id, name, type, bytes}", "content": {
                     "application/json": {"schema": ATTACHMENT_SCHEMA}}},
                     "413": _error(413, "檔案超過大小上限"), **ERRORS}})
def add_attachment(request: HttpRequest, case_no: str) -> HttpResponse:
    """A file (multipart `file`; `activity`: the id of one of the case's activities) on the case;
    201 `{"id", "name", "type", "bytes"}`; 413 over the size limit, 400 for a refused type."""
    actor = actor_of(request)
    _case(actor, case_no)
    upload = request.FILES.get("file")
    raw_activity = (request.POST.get("activity") or "").strip()
    if raw_activity and not raw_activity.isdigit():
        raise HttpError(400, f"活動 activity「{raw_activity[:20]}」須為活動編號")
    got = attachments.read_upload(upload.name or "", upload) if upload is not None else None
    row = attachments.add_attachment(case_no=case_no, by=actor, upload=got,
                                     activity_id=int(raw_activity) if raw_activity else None)
    return json_answer({"id": row.pk, "name": row.name, "type": row.content_type, "bytes": row.size}, 201)


@router.get("/cases/{case_no}/attachments", **_doc("案件的附件清單", description="{attachments}"))
def list_attachments(request: HttpRequest, case_no: str) -> HttpResponse:
    """`{"attachments": [...]}` of a case the user may see."""
    actor = actor_of(request)
    case = _case(actor, case_no)
    return json_answer({"attachments": [attachments.attachment_json(a) for a in case.attachments.order_by("at", "id")]})


@router.get("/cases/{case_no}/attachments/{attachment_id}", summary="下載案件附件",
            openapi_extra={"responses": {200: {"description": "檔案內容"}, **ERRORS}})
def get_attachment(request: HttpRequest, case_no: str, attachment_id: int) -> HttpResponseBase:
    """The file, to who may see the case (404 otherwise, as for a file that does not exist)."""
    from django.http import Http404

    actor = actor_of(request)
    try:
        return attachment_response(actor, case_no, attachment_id)
    except Http404:
        raise HttpError(404, "找不到此附件") from None


@router.post("/cases/{case_no}/messages", **_doc("寄送訊息給企業（同 fudao cases message）", body=MessageIn,
                                                 status=201, description="{case_no, activity}"))
def send_message(request: HttpRequest, case_no: str) -> HttpResponse:
    """A message to the case's contact by e-mail through the worker; `request_info` sets
    `waiting_enterprise` and carries the reply link. 201 `{"case_no", "activity"}`."""
    actor = actor_of(request)
    _case(actor, case_no)
    body: MessageIn = parse_body(request, MessageIn)
    row = messages.send_message(case_no=case_no, kind=body.kind, text=body.text, by=actor,
                                base_url=request.build_absolute_uri("/"))
    return json_answer({"case_no": case_no, "activity": activity_json(row)}, 201)
