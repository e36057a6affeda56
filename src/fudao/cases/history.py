"""The kinds of a case's history entries: one constructor per kind giving the stable machine
values stored in `HistoryEntry` (field, old, new — what the case JSON shows), and one zh-TW
rendering of each kind for the pages (no ids, slugs, field keys or Python values)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from fudao.accounts.models import Team
from fudao.cases.activities import (
    APPLICATION_STAGES,
    DEBT_TERMS,
    DIAGNOSIS_AREAS,
    REFERRAL_OUTCOMES,
    VISIT_MODES,
)
from fudao.cases.applications import measure_name
from fudao.cases.targets import known_targets
from fudao.cases.vocabulary import ACTIVITY_TYPES, CLOSING_REASONS, MESSAGE_KINDS, STATUSES
from fudao.zhtext.amounts import format_twd
from fudao.zhtext.rocdates import format_roc_date

FOLLOW_UP_OUTCOMES = {"done": "已完成", "skipped": "已略過"}
CASE_FIELD_LABELS = {
    "status": "狀態", "assignee": "承辦人", "team": "團隊", "kind": "類別", "channel": "來源",
    "summary": "摘要", "needs": "需求", "enterprise": "企業", "enterprise_name": "企業名稱",
    "contact_name": "聯絡人", "contact_phone": "聯絡電話", "contact_email": "電子郵件",
    "opened_at": "受理時間", "closing_reason": "結案原因",
}


class Event(NamedTuple):
    """One history entry's machine values, as `HistoryEntry(field=, old=, new=)` stores them."""

    field: str
    old: str | None
    new: str | None


def status(old: str | None, new: str) -> Event:
    """The case's status changed (old None: the case was opened)."""
    return Event("status", old, new)


def assignee(old: str | None, new: str | None) -> Event:
    """The case's assignee changed (usernames; None: nobody)."""
    return Event("assignee", old, new)


def team(old: str | None, new: str | None) -> Event:
    """The case's team changed (team slugs; None: the shared pool)."""
    return Event("team", old, new)


def activity_logged(type: str, activity_id: int) -> Event:
    """An activity was logged (the page shows the activity itself)."""
    return Event("activity", None, f"{type}#{activity_id}")


def visit_done(visit_id: int) -> Event:
    """A planned visit was marked done."""
    return Event(f"visit#{visit_id}", "planned", "done")


def referral_outcome(referral_id: int, old: str, new: str) -> Event:
    """A referral's outcome changed."""
    return Event(f"referral#{referral_id}", old, new)


def follow_up_closed(follow_up_id: int, outcome: str) -> Event:
    """A follow-up was closed as done or skipped."""
    return Event(f"follow_up#{follow_up_id}", "open", outcome)


def merged_into(case_no: str) -> Event:
    """This case was merged into another."""
    return Event("merged_into", None, case_no)


def merged_from(case_no: str) -> Event:
    """Another case was merged into this one."""
    return Event("merged_from", None, case_no)


def measure_attached(measure_id: str) -> Event:
    """A measure was attached to the case."""
    return Event("measure", None, measure_id)


def attachment_added(attachment_id: int, name: str) -> Event:
    """A file was kept on the case."""
    return Event("attachment", None, f"{attachment_id}:{name}")


def message_delivery(message_id: int, old: str, new: str) -> Event:
    """A message to the enterprise was sent, or its e-mail bounced."""
    return Event(f"message#{message_id}", old, new)


def closing_reason(old: str | None, new: str) -> Event:
    """The reason the case was resolved or closed."""
    return Event("reason", old or None, new)


def imported(fields: list[str]) -> Event:
    """An import updated these fields of the case."""
    return Event("imported", None, "updated:" + ",".join(fields))


@dataclass
class Names:
    """What rendering needs to name things: team names by slug, measure names by id, the
    case's activities (JSON) by id, and referral target names by key."""

    teams: dict[str, str] = field(default_factory=dict)
    measures: dict[str, str] = field(default_factory=dict)
    activities: dict[int, dict[str, Any]] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)

    def team(self, slug: str | None) -> str:
        """A team's name; the shared pool for none."""
        if not slug:
            return "共同受理池"
        return self.teams.get(slug, "已停用的團隊")

    def measure(self, measure_id: str | None) -> str:
        """A measure's name in 『』 (never its id)."""
        name = self.measures.get(measure_id or "")
        return f"『{name}』" if name else "一項措施"

    def target(self, key: str | None) -> str:
        """A referral target's name (a team or an agency)."""
        return self.teams.get(key or "") or self.targets.get(key or "") or "其他單位"


def day(value: Any) -> str:
    """An ISO date (or date) as 民國115年12月21日; '' when missing or unreadable."""
    if isinstance(value, dt.date):
        return format_roc_date(value)
    try:
        return format_roc_date(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return ""


_REF = re.compile(r"^(visit|referral|follow_up|message)#(\d+)$")
DELIVERY = {"queued": "待寄送", "sent": "已寄出", "bounced": "退信（無法送達）", "no_address": "無電子郵件地址"}


def _status(e: dict[str, Any], n: Names) -> str:
    new = STATUSES.get(e["new"] or "", "未知狀態")
    if not e["old"]:
        return f"開案（{new}）"
    return f"狀態：{STATUSES.get(e['old'], '未知狀態')} → {new}"


def _assignee(e: dict[str, Any], n: Names) -> str:
    return f"承辦人：{e['new']}" if e["new"] else "取消指派承辦人"


def _team(e: dict[str, Any], n: Names) -> str:
    return f"團隊：{n.team(e['new'])}"


def _activity(e: dict[str, Any], n: Names) -> str:
    kind = (e["new"] or "").split("#")[0]
    return f"記錄{ACTIVITY_TYPES.get(kind, '活動')}"


def _merged_into(e: dict[str, Any], n: Names) -> str:
    return f"本案併入案件 {e['new']}"


def _merged_from(e: dict[str, Any], n: Names) -> str:
    return f"案件 {e['new']} 併入本案"


def _measure(e: dict[str, Any], n: Names) -> str:
    return f"加入措施{n.measure(e['new'])}"


def _attachment(e: dict[str, Any], n: Names) -> str:
    name = (e["new"] or "").partition(":")[2]
    return f"附加檔案「{name}」"


def _reason(e: dict[str, Any], n: Names) -> str:
    return f"結案原因：{CLOSING_REASONS.get(e['new'] or '', '其他')}"


def _imported(e: dict[str, Any], n: Names) -> str:
    keys = (e["new"] or "").removeprefix("updated:").split(",")
    labels = [CASE_FIELD_LABELS[k] for k in keys if k in CASE_FIELD_LABELS]
    return "由匯入資料更新" + (f"：{'、'.join(labels)}" if labels else "")


def _visit_done(a: dict[str, Any], e: dict[str, Any], n: Names) -> str:
    mode = VISIT_MODES.get(a.get("mode") or "", "")
    planned = day(a.get("planned_for"))
    return f"預定{mode}訪視" + (f"（{planned}）" if planned else "") + "已完成"


def _referral(a: dict[str, Any], e: dict[str, Any], n: Names) -> str:
    to = a.get("to_name") or n.target(a.get("to"))
    return f"轉介至{to}：{REFERRAL_OUTCOMES.get(e['new'] or '', '已更新')}"


def _follow_up(a: dict[str, Any], e: dict[str, Any], n: Names) -> str:
    due = day(a.get("due"))
    return "追蹤" + (f"（{due}到期）" if due else "") + FOLLOW_UP_OUTCOMES.get(e["new"] or "", "已結束")


RENDER: dict[str, Callable[[dict[str, Any], Names], str]] = {
    "status": _status, "assignee": _assignee, "team": _team, "activity": _activity,
    "merged_into": _merged_into, "merged_from": _merged_from, "measure": _measure,
    "imported": _imported, "attachment": _attachment, "reason": _reason,
}
def _message_delivery(a: dict[str, Any], e: dict[str, Any], n: Names) -> str:
    kind = MESSAGE_KINDS.get(a.get("kind") or "", "訊息")
    return f"致企業訊息「{kind}」：{DELIVERY.get(e['new'] or '', '已更新')}"


RENDER_REF: dict[str, Callable[[dict[str, Any], dict[str, Any], Names], str]] = {
    "visit": _visit_done, "referral": _referral, "follow_up": _follow_up,
    "message": _message_delivery,
}


def render(entry: dict[str, Any], names: Names) -> str:
    """One history entry (the case JSON's `{field, old, new}`) in zh-TW words."""
    fn = RENDER.get(entry["field"])
    if fn is not None:
        return fn(entry, names)
    ref = _REF.match(entry["field"])
    if ref is not None:
        activity = names.activities.get(int(ref.group(2)), {})
        return RENDER_REF[ref.group(1)](activity, entry, names)
    return "案件資料已更新"


# --- activities -------------------------------------------------------------------------

def _visit(a: dict[str, Any], n: Names) -> str:
    mode = VISIT_MODES.get(a.get("mode") or "", "")
    experts = "、".join(a.get("experts") or [])
    if a.get("done") is False:
        text = f"預定{mode}訪視（{day(a.get('planned_for'))}）"
    else:
        text = f"{mode}訪視已完成"
    return text + (f"，專家：{experts}" if experts else "")


def _diagnosis(a: dict[str, Any], n: Names) -> str:
    findings = a.get("findings") or {}
    parts = [f"{DIAGNOSIS_AREAS.get(k, '其他')}：{v}" for k, v in findings.items()]
    names = [f"『{r.get('name')}』" if isinstance(r, dict) and r.get("name") else n.measure(
        r.get("measure_id") if isinstance(r, dict) else str(r)) for r in a.get("recommended_measures") or []]
    text = "診斷" + (f"（{'；'.join(parts)}）" if parts else "")
    return text + (f"，建議措施：{'、'.join(names)}" if names else "")


def _referral_logged(a: dict[str, Any], n: Names) -> str:
    to = a.get("to_name") or n.target(a.get("to"))
    return f"轉介至{to}（{REFERRAL_OUTCOMES.get(a.get('outcome') or '', '待回覆')}）"


def _application(a: dict[str, Any], n: Names) -> str:
    name = f"『{a['measure_name']}』" if a.get("measure_name") else n.measure(a.get("measure_id"))
    stage = APPLICATION_STAGES.get(a.get("stage") or "", "")
    amount = f" {format_twd(a['amount_twd'])}" if a.get("amount_twd") is not None else ""
    return f"申請{name}{stage}{amount}"


def _financial(a: dict[str, Any], n: Names) -> str:
    label = ACTIVITY_TYPES.get(a.get("type") or "", "")
    on = day(a.get("date"))
    until = day(a.get("extended_until"))
    if a.get("result") == "not_recommended":
        plan = str(a.get("improvement_plan") or "")
        return f"{label}：不建議借款，改善財務體質方案：{plan[:200]}" + (f"（{on}）" if on else "")
    text = f"{label}：{a.get('bank') or '銀行未填'} {format_twd(a.get('amount_twd'))}"
    text += (f"（{on}）" if on else "") + (f"，展延至{until}" if until else "")
    creditors = [c for c in a.get("creditors") or [] if c != a.get("bank")]
    if creditors:
        text += f"；其他債權銀行：{'、'.join(creditors)}"
    meeting = a.get("meeting") or {}
    if meeting:
        text += f"；協商會議由{meeting.get('called_by')}召集（{day(meeting.get('date'))}）"
        if meeting.get("attendees"):
            text += f"，出席：{meeting['attendees']}"
    if a.get("terms"):
        text += f"；協議條件：{'、'.join(DEBT_TERMS.get(t, '其他') for t in a['terms'])}"
    return text


def _follow_up_activity(a: dict[str, Any], n: Names) -> str:
    due = day(a.get("due"))
    state = FOLLOW_UP_OUTCOMES.get(a.get("outcome") or "", "已結束") if a.get("done_at") else "待辦"
    return f"追蹤（{due}到期，{state}）"


def _plain(a: dict[str, Any], n: Names) -> str:
    label = ACTIVITY_TYPES.get(a.get("type") or "", "活動")
    direction = {"in": "來電", "out": "去電"}.get(a.get("direction") or "")
    return f"{label}（{direction}）" if direction and label == "電話" else label


def _message(a: dict[str, Any], n: Names) -> str:
    kind = MESSAGE_KINDS.get(a.get("kind") or "", "訊息")
    state = DELIVERY.get(a.get("delivery") or "", "")
    return f"致企業訊息：{kind}" + (f"（{state}）" if state else "")


def _reply(a: dict[str, Any], n: Names) -> str:
    files = len(a.get("attachments") or [])
    return "企業回覆" + (f"（附 {files} 個檔案）" if files else "")


ACTIVITY_RENDER: dict[str, Callable[[dict[str, Any], Names], str]] = {
    "message": _message, "reply": _reply,
    "visit": _visit, "diagnosis": _diagnosis, "referral": _referral_logged,
    "application": _application, "financing_outcome": _financial, "debt_outcome": _financial,
    "follow_up": _follow_up_activity,
}


def render_activity(activity: dict[str, Any], names: Names) -> str:
    """One activity (the case JSON's) as one zh-TW line, without its free text."""
    return ACTIVITY_RENDER.get(activity.get("type") or "", _plain)(activity, names)


def names_for(case_doc: dict[str, Any]) -> Names:
    """The names a case JSON's history and activities refer to, looked up once."""
    measures = {m["measure_id"]: m["name"] for m in case_doc.get("measures", [])}
    wanted = {a.get("measure_id") for a in case_doc.get("activities", []) if a.get("measure_id")}
    wanted |= {h["new"] for h in case_doc.get("history", []) if h["field"] == "measure" and h["new"]}
    for measure_id in sorted(m for m in wanted if m and m not in measures):
        found = measure_name(measure_id)
        if found:
            measures[measure_id] = found
    return Names(teams=dict(Team.objects.values_list("slug", "name")), measures=measures,
                 activities={a["id"]: a for a in case_doc.get("activities", []) if "id" in a},
                 targets={k: t.name for k, t in known_targets().items()})
