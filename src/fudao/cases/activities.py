"""The fields of each activity type (DESIGN "Activities on a case"): validated input becomes
the typed columns that reports aggregate plus the activity's remaining data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fudao.cases.vocabulary import ACTIVITY_TYPES, check
from fudao.validation import Invalid, check_record, check_text
from fudao.zhtext.amounts import parse_amount

MAX_AMOUNT_TWD = 10**15
VISIT_MODES = {"onsite": "到廠", "online": "線上", "phone": "電話"}
DIAGNOSIS_AREAS = {
    "technology": "技術", "management": "管理", "finance": "財務", "environment_safety": "環安",
    "digital_ai": "數位與AI", "net_zero": "淨零", "talent": "人才", "market": "市場",
}
REFERRAL_OUTCOMES = {"pending": "待回覆", "accepted": "已受理", "declined": "未受理", "done": "已完成"}
# A financing diagnosis's result (003: a loan may be advised against, with a plan instead).
FINANCING_RESULTS = {"obtained": "取得融資", "not_recommended": "不建議借款"}
# The terms a debt negotiation may agree (003's 展延, 調整還款方式, …).
DEBT_TERMS = {"extension": "展延", "repayment_change": "調整還款方式", "grace_period": "寬限期",
              "rate_reduction": "調降利率", "instalments": "分期攤還", "other": "其他"}
MAX_CREDITORS = 30
APPLICATION_STAGES = {"planned": "規劃中", "submitted": "已送件", "approved": "核定",
                      "rejected": "未核定", "disbursed": "已撥款", "closed": "結案"}


class ActivityError(Invalid):
    """Bad activity data; the message (zh-TW) names the field."""


@dataclass
class ActivityFields:
    """An activity's typed columns and its other fields."""

    mode: str = ""
    stage: str = ""
    outcome: str = ""
    measure_id: str = ""
    amount_twd: int | None = None
    due: dt.date | None = None
    done_at: dt.datetime | None = None
    data: dict[str, Any] = field(default_factory=dict)


def amount_field(value: Any, name: str, *, required: bool = False) -> int | None:
    """A TWD amount from a number or as people write it (2億6,180萬 = 261,800,000), or
    ActivityError naming the field (negative, not a number, in words like 很多)."""
    if value is None or value == "":
        if required:
            raise ActivityError(f"欄位「{name}」（金額）必填")
        return None
    if isinstance(value, bool):
        raise ActivityError(f"欄位「{name}」須為金額（新臺幣元）")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ActivityError(f"欄位「{name}」須為有限的金額")
        amount: int | None = int(value) if float(value).is_integer() else None
        if amount is None:
            raise ActivityError(f"欄位「{name}」須為整數元")
    else:
        text = str(value).strip()
        if text.startswith("-"):
            raise ActivityError(f"欄位「{name}」不可為負數（收到「{text}」）")
        amount = parse_amount(text) if len(text) <= 40 else None
        if amount is None:
            raise ActivityError(f"欄位「{name}」無法辨識為金額：「{text[:40]}」（例如 2億6,180萬 或 261800000）")
    if amount < 0:
        raise ActivityError(f"欄位「{name}」不可為負數")
    if amount >= MAX_AMOUNT_TWD:
        raise ActivityError(f"欄位「{name}」金額過大")
    return amount


def text_field(data: dict[str, Any], name: str, *, limit: int = 4000) -> str:
    """A text field (empty when absent), capped in length."""
    value = data.get(name, "")
    if value is None:
        return ""
    try:
        return check_text(value, f"欄位「{name}」", limit=limit)
    except Invalid as exc:
        raise ActivityError(str(exc)) from None


def date_field(value: Any, name: str) -> dt.date | None:
    """A date (YYYY-MM-DD), or ActivityError."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ActivityError(f"欄位「{name}」日期格式不正確，請用 YYYY-MM-DD") from None


def choice_field(data: dict[str, Any], name: str, labels: dict[str, str], default: str | None = None) -> str:
    """One of the vocabulary's values, or ActivityError listing them."""
    value = data.get(name, default)
    if value is None:
        raise ActivityError(f"欄位「{name}」必填（可用：{'、'.join(labels)}）")
    try:
        return check(str(value), labels, f"欄位「{name}」的值")
    except ValueError as exc:
        raise ActivityError(str(exc)) from None


def _plain(data: dict[str, Any]) -> ActivityFields:
    return ActivityFields(data={"text": text_field(data, "text"), **(
        {"direction": choice_field(data, "direction", {"in": "來電", "out": "去電"})}
        if data.get("direction") else {})})


def _visit(data: dict[str, Any]) -> ActivityFields:
    mode = choice_field(data, "mode", VISIT_MODES, "onsite")
    experts = data.get("experts", [])
    if not isinstance(experts, list) or not all(isinstance(e, str) for e in experts):
        raise ActivityError("欄位「experts」須為專家姓名的清單")
    done = data.get("done", True)
    if not isinstance(done, bool):
        raise ActivityError("欄位「done」須為 true 或 false")
    codes = data.get("expert_codes", [])
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise ActivityError("欄位「expert_codes」須為專家代碼的清單")
    return ActivityFields(mode=mode, data={"experts": experts[:20], "done": done,
                                           "text": text_field(data, "text"),
                                           **({"expert_codes": codes} if codes else {})})


def _diagnosis(data: dict[str, Any]) -> ActivityFields:
    findings = data.get("findings", {})
    if not isinstance(findings, dict):
        raise ActivityError("欄位「findings」須為 {面向: 發現} 的物件")
    for area in findings:
        choice_field({"area": area}, "area", DIAGNOSIS_AREAS)
    recommended = data.get("recommended_measures", [])
    if not isinstance(recommended, list):
        raise ActivityError("欄位「recommended_measures」須為措施的清單")
    return ActivityFields(data={"findings": {k: str(v)[:4000] for k, v in findings.items()},
                                "recommended_measures": recommended[:30]})


def _referral(data: dict[str, Any]) -> ActivityFields:
    to = text_field(data, "to", limit=100).strip()
    if not to:
        raise ActivityError("欄位「to」（轉介對象：團隊或機關）必填")
    outcome = choice_field(data, "outcome", REFERRAL_OUTCOMES, "pending")
    consent = data.get("consent", False)
    if consent not in (True, False, "1", "0", "", "on", "true", "false", None):
        raise ActivityError(f"欄位「consent」（企業同意提供資料予受轉介單位）須為是或否，收到「{str(consent)[:20]}」")
    return ActivityFields(outcome=outcome, data={"to": to, "text": text_field(data, "text"),
                                                 "consent": consent in (True, "1", "on", "true")})


def _application(data: dict[str, Any]) -> ActivityFields:
    measure_id = text_field(data, "measure_id", limit=120).strip()
    if not measure_id:
        raise ActivityError("欄位「measure_id」（申請的措施）必填")
    stage = choice_field(data, "stage", APPLICATION_STAGES, "planned")
    amount = amount_field(data.get("amount_twd"), "amount_twd",
                          required=stage in ("approved", "disbursed"))
    return ActivityFields(stage=stage, measure_id=measure_id, amount_twd=amount,
                          data={"text": text_field(data, "text")})


def _financing(data: dict[str, Any]) -> ActivityFields:
    """A financing outcome: the loan obtained (bank, amount), or 「不建議借款」 with the plan to
    improve the firm's finances instead (no amount)."""
    result = choice_field(data, "result", FINANCING_RESULTS, "obtained")
    if result == "not_recommended":
        plan = text_field(data, "improvement_plan").strip()
        if not plan:
            raise ActivityError("欄位「improvement_plan」（改善財務體質方案）必填：不建議借款時請說明改善方案")
        if amount_field(data.get("amount_twd"), "amount_twd"):
            raise ActivityError("欄位「amount_twd」：不建議借款時不應填取得的融資金額")
        return ActivityFields(data={"result": result, "improvement_plan": plan,
                                                    "bank": text_field(data, "bank", limit=100)})
    return ActivityFields(amount_twd=amount_field(data.get("amount_twd"), "amount_twd", required=True),
                          data={"result": result, "bank": text_field(data, "bank", limit=100)})


def _names_list(value: Any, name: str) -> list[str]:
    if value in (None, ""):
        return []
    items = value.replace("、", ",").split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ActivityError(f"欄位「{name}」須為名稱的清單")
    out: list[str] = []
    for item in items:
        text = text_field({name: item}, name, limit=100).strip()
        if text and text not in out:
            out.append(text)
    if len(out) > MAX_CREDITORS:
        raise ActivityError(f"欄位「{name}」最多 {MAX_CREDITORS} 項")
    return out


def _debt(data: dict[str, Any]) -> ActivityFields:
    """A debt negotiation's outcome: the amount extended, the creditor banks, the meeting
    (called by the largest creditor: its day and who attended) and the terms agreed."""
    amount = amount_field(data.get("amount_twd"), "amount_twd", required=True)
    bank = text_field(data, "bank", limit=100).strip()
    creditors = _names_list(data.get("creditors"), "creditors")
    if bank:  # the largest creditor first
        creditors = [bank, *(c for c in creditors if c != bank)]
    terms = data.get("terms") or []
    if isinstance(terms, str):
        terms = [t.strip() for t in terms.replace("、", ",").split(",") if t.strip()]
    if not isinstance(terms, list):
        raise ActivityError("欄位「terms」（協議條件）須為清單")
    agreed = [choice_field({"terms": t}, "terms", DEBT_TERMS) for t in dict.fromkeys(terms)]
    out: dict[str, Any] = {"bank": bank or (creditors[0] if creditors else ""), "creditors": creditors,
                           "terms": agreed}
    meeting = data.get("meeting")
    if meeting not in (None, "", {}):
        if not isinstance(meeting, dict):
            raise ActivityError("欄位「meeting」（協商會議）須為 {date, called_by, attendees} 物件")
        called_by = text_field(meeting, "called_by", limit=100).strip()
        if not called_by:
            raise ActivityError("欄位「meeting.called_by」（召集的債權銀行）必填")
        if called_by not in creditors:
            raise ActivityError(f"欄位「meeting.called_by」的「{called_by}」不在債權銀行之中（最大債權銀行與其他債權銀行）")
        on = date_field(meeting.get("date"), "meeting.date")
        if on is None:
            raise ActivityError("欄位「meeting.date」（協商會議日期）必填")
        out["meeting"] = {"date": on.isoformat(), "called_by": called_by,
                          "attendees": text_field(meeting, "attendees", limit=1000).strip()}
    return ActivityFields(amount_twd=amount, data=out)


FOLLOW_UP_OUTCOMES = {"done": "已完成", "skipped": "略過"}


def _follow_up(data: dict[str, Any]) -> ActivityFields:
    due = date_field(data.get("due"), "due")
    if due is None:
        raise ActivityError("欄位「due」（追蹤日期）必填")
    done_at = data.get("done_at")
    done = None
    if done_at:
        try:
            done = dt.datetime.fromisoformat(str(done_at))
        except ValueError:
            raise ActivityError("欄位「done_at」時間格式不正確（ISO 8601）") from None
    outcome = ""
    if data.get("outcome"):
        if done is None:
            raise ActivityError("欄位「outcome」只用於已結束（有 done_at）的追蹤")
        outcome = choice_field(data, "outcome", FOLLOW_UP_OUTCOMES)
    kept = {"text": text_field(data, "text")}
    # how it was closed, and the timeline step that scheduled it (an exported record's)
    for key in ("note", "closed_by", "trigger_type", "step"):
        if data.get(key):
            kept[key] = text_field(data, key, limit=4000 if key == "note" else 100)
    return ActivityFields(due=due, done_at=done, outcome=outcome, data=kept)


def _not_logged(kind: str) -> Callable[[dict[str, Any]], ActivityFields]:
    def refuse(data: dict[str, Any]) -> ActivityFields:
        if kind == "message":
            raise ActivityError("致企業訊息請用 fudao cases message、POST /api/cases/<案號>/messages 或案件頁的訊息表單寄送")
        raise ActivityError("企業回覆只能由企業經回覆連結送出")
    return refuse


PARSERS: dict[str, Callable[[dict[str, Any]], ActivityFields]] = {
    "message": _not_logged("message"), "reply": _not_logged("reply"),
    "call": _plain, "email": _plain, "note": _plain, "visit": _visit, "diagnosis": _diagnosis,
    "referral": _referral, "application": _application, "financing_outcome": _financing,
    "debt_outcome": _debt, "follow_up": _follow_up,
}


def parse_activity(kind: str, data: dict[str, Any] | None) -> ActivityFields:
    """The validated fields of an activity of type `kind`, or ActivityError."""
    try:
        check(kind, ACTIVITY_TYPES, "活動類型")
    except ValueError as exc:
        raise ActivityError(str(exc)) from None
    if data is not None and not isinstance(data, dict):
        raise ActivityError("活動資料須為 JSON 物件")
    try:
        check_record(data or {}, {k: f"欄位 {k}" for k in (data or {})})
    except Invalid as exc:
        raise ActivityError(str(exc)) from None
    return PARSERS[kind](dict(data or {}))
