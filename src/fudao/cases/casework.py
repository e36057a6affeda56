"""What the consultant does on a case beyond calls: the checks and consequences of visits,
diagnoses, referrals, applications and financial outcomes. `log_activity` calls `prepare`
before it inserts an activity and `after_insert` after, inside its transaction, so that a
refused record leaves nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.cases import history
from fudao.cases.activities import ActivityError, ActivityFields, date_field
from fudao.cases.applications import check_stage
from fudao.cases.experts import link_visit, pool_experts
from fudao.cases.followups import schedule_for
from fudao.cases.ledger import history_row
from fudao.cases.models import Activity, Case, CaseMeasure
from fudao.cases.referrals import resolve_target, sync_status
from fudao.cases.triage import matched_measures
from fudao.cases.vocabulary import ACTIVITY_TYPES, KINDS

FINANCIAL_KINDS = {"financing_outcome": "financing", "debt_outcome": "debt"}
MAX_RECOMMENDED = 30


def _local_day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def _check_day(day: dt.date | None, name: str, case: Case, *, future_ok: bool) -> None:
    if day is None:
        return
    opened = _local_day(case.opened_at)
    if day < opened:
        raise ActivityError(f"欄位「{name}」不可早於案件受理日（{opened.isoformat()}）")
    if not future_ok and day > timezone.localdate():
        raise ActivityError(f"欄位「{name}」不可晚於今天")


def _visit(case: Case, data: dict[str, Any], fields: ActivityFields) -> None:
    planned_for = date_field(data.get("planned_for"), "planned_for")
    if not fields.data["done"] and planned_for is None:
        raise ActivityError("欄位「planned_for」必填：尚未完成的訪視請填預定日期（YYYY-MM-DD）")
    _check_day(planned_for, "planned_for", case, future_ok=True)
    if planned_for is not None:
        fields.data["planned_for"] = planned_for.isoformat()
    names = [e.strip()[:100] for e in fields.data["experts"] if e.strip()]
    pool = pool_experts(fields.data.pop("expert_codes", []))
    if pool:
        # The pool's experts are named first; a free-text name (an old or imported visit's) stays.
        names = list(dict.fromkeys([*(e.name for e in pool), *names]))[:20]
        fields.data["expert_codes"] = [e.code for e in pool]
    fields.data["experts"] = names


def _recommended_ids(raw: Any) -> list[str]:
    ids: list[str] = []
    for item in raw or []:
        value = item.get("measure_id") if isinstance(item, dict) else item
        if not isinstance(value, str) or not value.strip():
            raise ActivityError("欄位「recommended_measures」須為措施代碼的清單")
        if value.strip() not in ids:
            ids.append(value.strip())
    if len(ids) > MAX_RECOMMENDED:
        raise ActivityError(f"欄位「recommended_measures」最多 {MAX_RECOMMENDED} 項")
    return ids


def recommendations(case: Case, measure_ids: list[str]) -> list[dict[str, Any]]:
    """Each recommended measure as `match` judges it for the case's enterprise now (status,
    cap, reasons), or ActivityError naming a measure `match` does not know."""
    results = {r["measure_id"]: r for r in matched_measures(case)} if measure_ids else {}
    out = []
    for measure_id in measure_ids:
        found = results.get(measure_id)
        if found is None:
            raise ActivityError(f"欄位「recommended_measures」的措施「{measure_id[:80]}」不存在")
        out.append({"measure_id": measure_id, "name": found.get("name") or measure_id,
                    "status": found.get("status") or "", "max_amount_twd": found.get("max_amount_twd"),
                    "reasons": list(found.get("reasons") or [])[:5]})
    return out


def _diagnosis(case: Case, data: dict[str, Any], fields: ActivityFields) -> None:
    findings = {k: v.strip() for k, v in fields.data["findings"].items() if v.strip()}
    if not findings:
        raise ActivityError("欄位「findings」必填：至少一個面向的診斷發現")
    fields.data["findings"] = findings
    fields.data["recommended_measures"] = recommendations(case, _recommended_ids(data.get("recommended_measures")))


def _referral(fields: ActivityFields) -> None:
    try:
        target = resolve_target(fields.data["to"])
    except ValueError as exc:
        raise ActivityError(str(exc)) from None
    fields.data.update({"to": target.key, "to_name": target.name, "to_kind": target.kind})


def _financial(type: str, case: Case, data: dict[str, Any], fields: ActivityFields) -> None:
    wanted = FINANCIAL_KINDS[type]
    if case.kind != wanted:
        raise ActivityError(f"{ACTIVITY_TYPES[type]}只能記在類別為「{KINDS[wanted]}」的案件"
                            f"（此案件為「{KINDS.get(case.kind, case.kind)}」）")
    advised_against = fields.data.get("result") == "not_recommended"
    if not advised_against and not fields.data.get("bank", "").strip():
        raise ActivityError("欄位「bank」（銀行）必填")
    if not advised_against and fields.amount_twd == 0:
        raise ActivityError("欄位「amount_twd」須大於 0")
    on = date_field(data.get("date"), "date")
    _check_day(on, "date", case, future_ok=False)
    fields.data["bank"] = fields.data["bank"].strip()
    if on is not None:
        fields.data["date"] = on.isoformat()
    if type == "debt_outcome" and data.get("extended_until"):
        until = date_field(data.get("extended_until"), "extended_until")
        fields.data["extended_until"] = until.isoformat() if until else None
    meeting = fields.data.get("meeting")
    if meeting:
        _check_day(dt.date.fromisoformat(meeting["date"]), "meeting.date", case, future_ok=False)


def prepare(*, case: Case, type: str, data: dict[str, Any], fields: ActivityFields,
            when: dt.datetime, replacing: Activity | None = None) -> None:
    """Check an activity against its case before it is written and complete its fields:
    a planned visit's day, a diagnosis's recommendations from `match`, a referral's known
    target, an application's measure and stage order, a financial outcome's case kind and
    bank. `replacing`: the record this one rewrites (a re-import), checked against the stages
    before it. Raises ActivityError (zh-TW, naming the field)."""
    if type == "visit":
        _visit(case, data, fields)
    elif type == "diagnosis":
        _diagnosis(case, data, fields)
    elif type == "referral":
        _referral(fields)
    elif type == "application":
        if fields.stage in ("approved", "disbursed") and fields.amount_twd == 0:
            raise ActivityError("欄位「amount_twd」須大於 0")
        try:
            check_stage(case, fields, when, replacing=replacing)
        except ValueError as exc:
            raise ActivityError(str(exc)) from None
    elif type in FINANCIAL_KINDS:
        _financial(type, case, data, fields)


def after_insert(*, case: Case, activity: Activity, by: Actor) -> None:
    """The consequences of a logged activity, in the same transaction: a diagnosis's measures
    attached to the case (status and cap at that time), a referral's effect on the case's
    status, and the follow-ups the case kind's timeline schedules."""
    if activity.type == "diagnosis":
        for rec in activity.data.get("recommended_measures", []):
            _, created = CaseMeasure.objects.get_or_create(
                case=case, measure_id=rec["measure_id"],
                defaults={"name": rec["name"][:300], "status": rec["status"],
                          "max_amount_twd": rec["max_amount_twd"], "at": activity.at,
                          "by_name": by.label})
            if created:
                history_row(case, by, activity.at, *history.measure_attached(rec["measure_id"])).save()
    if activity.type == "visit" and activity.data.get("expert_codes"):
        link_visit(activity, activity.data["expert_codes"])
    if activity.type == "referral":
        if activity.data.get("to_kind") == "team":
            from fudao.cases.referrals import move_to_team

            move_to_team(case, team_slug=activity.data["to"], by=by, at=activity.at)
        sync_status(case, by=by, at=activity.at)
    schedule_for(activity, by=by)

