"""`fudao import` of `case` and `activity` records: every record checked first, then written in
chunks, each chunk in one transaction with the history rows of its cases (a bad record is
reported and skipped, never half-written). Cases are upserted by `case_no`; activities go
through the same casework checks and follow-up scheduling as `fudao cases log`, and an activity
equal in case, type, time, stage and measure to one on record updates it instead of doubling it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.accounts.models import Team
from fudao.bulk import insert_rows
from fudao.cases import history, numbering, sla
from fudao.cases.activities import parse_activity
from fudao.cases.models import Activity, Case, HistoryEntry
from fudao.cases.services import CaseError, check_activity, check_needs, write_activity
from fudao.cases.vocabulary import CHANNELS, CLOSING_REASONS, KINDS, STATUSES, check
from fudao.enterprises.importing import as_bool, chunks
from fudao.enterprises.models import Enterprise
from fudao.enterprises.services import ContactInput, check_contact, check_ubn, phone_digits
from fudao.errors import Invalid
from fudao.records import ImportResult, Record, Spool, sorted_stream
from fudao.validation import check_text, parse_instant

IMPORTED_BY = "匯入"  # the history's "by" of every imported change
CASE_FIELDS = {"case_no", "channel", "kind", "status", "opened_at", "ubn", "name", "enterprise_name",
               "contact_name", "contact_phone", "contact_email", "needs", "summary", "team",
               "assignee", "first_response_at", "resolved_at", "closed_at", "reason", "merged_into"}
ACTIVITY_KEYS = {"case_no", "activity", "at", "by"}
ACTIVITY_RUN = 10_000  # activities sorted in memory at a time (the rest wait in spools on disk)


class ImportRecordError(Invalid):
    """A bad record; the message (zh-TW) names the field."""


def instant(value: Any, name: str, *, required: bool = False) -> dt.datetime | None:
    """An aware instant from ISO 8601 text or a spreadsheet datetime (Asia/Taipei when it has
    no offset), never in the future; ImportRecordError naming the field otherwise."""
    if value in (None, ""):
        if required:
            raise ImportRecordError(f"欄位「{name}」必填（ISO 8601 時間，例如 2025-03-02T09:30:00+08:00）")
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(9, 0))
    try:
        return parse_instant(value if isinstance(value, dt.datetime) else str(value), f"欄位 {name}")
    except Invalid as exc:
        raise ImportRecordError(str(exc)) from None


def _text(record: dict[str, Any], key: str, limit: int) -> str:
    value = record.get(key)
    if value is None:
        return ""
    try:
        return check_text(str(value), f"欄位 {key}", limit=limit).strip()
    except Invalid as exc:
        raise ImportRecordError(str(exc)) from None


def _list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [p.strip() for p in str(value).replace("，", ",").replace("、", ",").split(",") if p.strip()]


@dataclass
class CaseRow:
    """A checked case record."""

    line: int
    values: dict[str, Any]
    case_no: str | None
    ubn: str | None
    name: str
    team: str | None
    assignee: str | None
    given: frozenset[str] = frozenset()
    merged_into: str | None = None


def parse_case(line: int, record: dict[str, Any], teams: dict[str, int]) -> CaseRow:
    """One case record checked against the vocabulary, the calendar and the teams."""
    unknown = sorted(set(record) - CASE_FIELDS - {"type"})
    if unknown:
        raise ImportRecordError(f"不認得的欄位「{unknown[0]}」")
    try:
        channel = check(_text(record, "channel", 20), CHANNELS, "來源 channel")
        kind = check(_text(record, "kind", 20), KINDS, "類別 kind")
        status = check(_text(record, "status", 20) or "new", STATUSES, "狀態 status")
        case_no = _text(record, "case_no", 12) or None
        if case_no:
            numbering.parse_case_no(case_no)
        ubn = check_ubn(str(record["ubn"])) if record.get("ubn") not in (None, "") else None
        needs = check_needs(_list(record.get("needs")))
        contact = check_contact(ContactInput(name=_text(record, "contact_name", 100),
                                             phone=_text(record, "contact_phone", 40),
                                             email=_text(record, "contact_email", 254)))
    except ValueError as exc:
        raise ImportRecordError(str(exc)) from None
    merged_into = _text(record, "merged_into", 12) or None
    if status == "merged" and not merged_into:
        raise ImportRecordError("狀態 merged 的案件須有併入的案號 merged_into")
    if merged_into and status != "merged":
        raise ImportRecordError("併入案號 merged_into 只用於狀態 merged 的案件")
    if merged_into:
        try:
            numbering.parse_case_no(merged_into)
        except ValueError as exc:
            raise ImportRecordError(f"併入案號 merged_into：{exc}") from None
        if not case_no:
            raise ImportRecordError("狀態 merged 的案件須有自己的案號 case_no")
        if merged_into == case_no:
            raise ImportRecordError("案件不能併入自己（merged_into 與 case_no 相同）")
    reason = _text(record, "reason", 16)
    if reason and status not in ("resolved", "closed"):
        raise ImportRecordError("結案原因 reason 只用於狀態 resolved 或 closed 的案件")
    if reason and reason not in CLOSING_REASONS:
        raise ImportRecordError(f"結案原因 reason「{reason}」不存在，可用：{'、'.join(CLOSING_REASONS)}")
    opened = instant(record.get("opened_at"), "opened_at", required=True)
    assert opened is not None
    times = {k: instant(record.get(k), k) for k in ("first_response_at", "resolved_at", "closed_at")}
    for key, when in times.items():
        if when is not None and when < opened:
            raise ImportRecordError(f"欄位「{key}」不可早於受理時間 opened_at")
    if status in ("resolved", "closed") and times["resolved_at"] is None:
        times["resolved_at"] = times["closed_at"] or opened
    if status == "closed" and times["closed_at"] is None:
        times["closed_at"] = times["resolved_at"]
    team = _text(record, "team", 40) or None
    if team and team not in teams:
        raise ImportRecordError(f"團隊 team「{team}」不存在（請先以 fudao teams add 建立）")
    name = _text(record, "enterprise_name", 200) or _text(record, "name", 200)
    values = {"channel": channel, "kind": kind, "status": status, "opened_at": opened,
              "enterprise_name": name, "contact_name": contact.name, "contact_phone": contact.phone,
              "contact_phone_digits": phone_digits(contact.phone) if contact.phone else "",
              "contact_email": contact.email, "needs": needs,
              "summary": _text(record, "summary", 8000), "team_id": teams.get(team) if team else None,
              "first_response_due": sla.first_response_due(kind, opened, channel),
              "resolution_due": sla.resolution_due(kind, opened, [], channel), "closing_reason": reason, **times}
    given = {SOURCE.get(k, k) for k in record} | {"first_response_due", "resolution_due", "channel", "kind",
                                                   "opened_at"}
    if status in ("resolved", "closed"):
        given |= {"resolved_at", "closed_at"}
    return CaseRow(line, values, case_no, ubn, name, team, _text(record, "assignee", 150) or None,
                   frozenset(given), merged_into)


# record key → the column it sets (an update changes only the columns its record gives)
SOURCE = {"reason": "closing_reason", "name": "enterprise_name", "team": "team_id", "assignee": "assignee_id", "ubn": "enterprise_id"}


def _keep_numbers(top: dict[int, int]) -> None:
    """Move each year's counter past the numbers given in the file, before any is handed out."""
    if top:
        with transaction.atomic():
            for year, seq in top.items():
                numbering.keep_case_no(numbering.format_case_no(year, seq))


def _users(names: set[str]) -> dict[str, Any]:
    if not names:
        return {}
    users = get_user_model().objects.select_related("staff").filter(username__in=names)
    return {u.get_username(): u for u in users}


def _history(case: Case, at: dt.datetime, field_name: str, old: Any, new: Any) -> HistoryEntry:
    return HistoryEntry(case=case, at=at, by_name=IMPORTED_BY, field=field_name,
                        old=None if old is None else str(old), new=None if new is None else str(new))


@dataclass
class _CaseStream:
    """What one pass over a file's case records keeps in memory: the numbers seen (for the
    duplicates), the merges by case number, each year's highest number; the checked records
    themselves go to spools on disk (those that merge into another case in their own, written
    after every case they may point at)."""

    plain: Spool[CaseRow] = field(default_factory=Spool)
    merging: Spool[CaseRow] = field(default_factory=Spool)
    seen: set[str] = field(default_factory=set)
    merges: dict[str, str] = field(default_factory=dict)
    top: dict[int, int] = field(default_factory=dict)

    def add(self, row: CaseRow) -> None:
        if row.case_no:
            if row.case_no in self.seen:
                raise ImportRecordError(f"案號 case_no「{row.case_no}」在檔案中重複")
            self.seen.add(row.case_no)
            year, seq = numbering.parse_case_no(row.case_no)
            self.top[year] = max(self.top.get(year, 0), seq)
        if row.merged_into:
            self.merges[row.case_no or ""] = row.merged_into
            self.merging.add(row)
        else:
            self.plain.add(row)

    def close(self) -> None:
        self.plain.close()
        self.merging.close()


def import_cases(records: Iterable[Record]) -> ImportResult:
    """Upsert cases by case number (a record without one gets the next number of its year).
    One pass checks every record and spools the good ones; then the counters move past the
    file's numbers and the cases are written a chunk at a time, merged ones last."""
    result = ImportResult()
    teams = dict(Team.objects.values_list("slug", "id"))
    stream = _CaseStream()
    try:
        for line, record in records:
            try:
                stream.add(parse_case(line, record, teams))
            except ValueError as exc:
                result.error(line, str(exc))
        refused = _check_merges(stream, result)
        _keep_numbers(stream.top)
        for part in chunks(stream.plain):
            _write_cases(part, result)
        for part in chunks(r for r in stream.merging if r.line not in refused):
            _write_cases(part, result)
    finally:
        stream.close()
    return result


def _check_merges(stream: _CaseStream, result: ImportResult) -> set[int]:
    """The lines of the merged cases refused: a target neither on record nor in the file, or
    one that is itself merged (in the file or on record)."""
    outside = sorted({t for t in stream.merges.values() if t not in stream.seen})
    on_record: dict[str, str] = {}
    for part in chunks(outside):
        on_record.update(Case.objects.filter(case_no__in=part).values_list("case_no", "status"))
    refused: set[int] = set()
    for row in stream.merging:
        target = row.merged_into or ""
        merged = target in stream.merges if target in stream.seen else on_record.get(target) == "merged"
        if target not in stream.seen and target not in on_record:
            result.error(row.line, f"併入案號 merged_into「{target}」不存在（不在檔案中，也不在系統中）")
            refused.add(row.line)
        elif merged:
            result.error(row.line, f"併入案號 merged_into「{target}」本身已併入他案，請改填最終的案號")
            refused.add(row.line)
    return refused


def _link_merges(rows: list[CaseRow], cases: dict[str, Case]) -> list[HistoryEntry]:
    """Point each merged case at its target (written by now) and give both their history rows
    when the link is new."""
    wanted = {r.case_no or "": r.merged_into for r in rows if r.merged_into}
    if not wanted:
        return []
    ids = dict(Case.objects.filter(case_no__in=set(wanted.values())).values_list("case_no", "id"))
    entries: list[HistoryEntry] = []
    linked: list[Case] = []
    for case_no, target in wanted.items():
        case = cases[case_no]
        if case.merged_into_id == ids[target]:
            continue
        case.merged_into_id = ids[target]
        linked.append(case)
        at = case.closed_at or case.resolved_at or case.opened_at
        entries.append(_history(case, at, *history.merged_into(target)))
        field_name, old, new = history.merged_from(case_no)
        entries.append(HistoryEntry(case_id=ids[target], at=at, by_name=IMPORTED_BY,
                                    field=field_name, old=old, new=new))
    Case.objects.bulk_update(linked, ["merged_into_id"], batch_size=500)
    return entries


def _write_cases(rows: list[CaseRow], result: ImportResult) -> None:
    users = _users({r.assignee for r in rows if r.assignee})
    targets = set(Case.objects.filter(case_no__in={r.merged_into for r in rows if r.merged_into})
                  .values_list("case_no", flat=True))
    good: list[CaseRow] = []
    for row in rows:
        if row.assignee and row.assignee not in users:
            result.error(row.line, f"承辦人 assignee「{row.assignee}」不存在")
            continue
        if row.merged_into and row.merged_into not in targets:
            result.error(row.line, f"併入案號 merged_into「{row.merged_into}」未能匯入（請見該案的錯誤）")
            continue
        good.append(row)
    now = timezone.now()
    with transaction.atomic():
        ubns = {r.ubn for r in good if r.ubn}
        firms = {e.ubn: e for e in Enterprise.objects.filter(ubn__in=ubns)}
        missing = {r.ubn: Enterprise(ubn=r.ubn, name=r.name or None) for r in good
                   if r.ubn and r.ubn not in firms}
        Enterprise.objects.bulk_create(list(missing.values()), batch_size=500)
        firms.update(missing)
        found = {c.case_no: c for c in Case.objects.filter(
            case_no__in=[r.case_no for r in good if r.case_no]).select_related("assignee")}
        new: list[Case] = []
        changed: list[tuple[Case, list[str]]] = []
        for row in good:
            values = dict(row.values)
            owner = users.get(row.assignee) if row.assignee else None
            values["assignee_id"] = owner.pk if owner else None
            if values["team_id"] is None and owner is not None and getattr(owner, "staff", None):
                values["team_id"] = owner.staff.team_id
            values["enterprise_id"] = firms[row.ubn].pk if row.ubn else None
            case = found.get(row.case_no) if row.case_no else None
            if case is None:
                number = row.case_no or numbering.next_case_no(numbering.roc_year(values["opened_at"]))
                new.append(Case(case_no=number, **values))
                continue
            if "contact_phone" in row.given:
                row.given |= {"contact_phone_digits"}
            diff = [k for k, v in values.items() if k in row.given and getattr(case, k) != v]
            for k in diff:
                setattr(case, k, values[k])
            result.updated += 1
            if diff:
                changed.append((case, diff))
        insert_rows(Case, new)
        if new:
            ids = dict(Case.objects.filter(case_no__in=[c.case_no for c in new]).values_list("case_no", "id"))
            for case in new:
                case.pk = ids[case.case_no]
        for case in new:
            found[case.case_no] = case
        entries: list[HistoryEntry] = []
        for case in new:
            entries.append(_history(case, case.opened_at, *history.status(None, "new")))
            if case.status != "new":
                at = (case.closed_at if case.status == "closed" else case.resolved_at) or case.opened_at
                entries.append(_history(case, at, *history.status("new", case.status)))
            if case.assignee_id:
                entries.append(_history(case, case.opened_at, *history.assignee(
                    None, next(u for u in users.values() if u.pk == case.assignee_id).get_username())))
        for case, diff in changed:
            fields = sorted(k.removesuffix("_id") for k in diff)
            entries.append(_history(case, now, *history.imported(fields)))
        if changed:
            Case.objects.bulk_update([c for c, _ in changed],
                                     sorted(set().union(*[set(d) for _, d in changed]) | {"updated_at"}),
                                     batch_size=500)
        entries.extend(_link_merges(good, found))
        insert_rows(HistoryEntry, entries)
    result.created += len(new)


# --- activities --------------------------------------------------------------------------------

def _cell(value: Any) -> Any:
    """A table cell that holds JSON (a list or an object) decoded; other cells as they are."""
    if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _activity_data(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    data = {k: _cell(v) for k, v in record.items() if k not in ACTIVITY_KEYS and k != "type"}
    nested = data.pop("data", None)
    if isinstance(nested, dict):
        data.update(nested)
    if kind == "visit":
        if isinstance(data.get("experts"), str):
            data["experts"] = _list(data["experts"])
        if "done" in data and not isinstance(data["done"], bool):
            data["done"] = as_bool(data["done"], "done")
    if kind == "diagnosis" and isinstance(data.get("recommended_measures"), str):
        data["recommended_measures"] = _list(data["recommended_measures"])
    return data


@dataclass
class ActivityRow:
    """A checked activity record."""

    line: int
    case_no: str
    type: str
    at: dt.datetime
    by: str
    fields: Any
    key: tuple[Any, ...] = field(default=())
    data: dict[str, Any] = field(default_factory=dict)


def parse_activity_record(line: int, record: dict[str, Any]) -> ActivityRow:
    """One activity record checked on its own (its case and the casework checks against the
    case come when the chunk is written)."""
    case_no = _text(record, "case_no", 12)
    if not case_no:
        raise ImportRecordError("欄位「case_no」（案號）必填")
    kind = _text(record, "activity", 20)
    if not kind:
        raise ImportRecordError("欄位「activity」（活動類型）必填")
    try:
        numbering.parse_case_no(case_no)
        data = _activity_data(kind, record)
        fields = parse_activity(kind, data)
    except ValueError as exc:
        raise ImportRecordError(str(exc)) from None
    at = instant(record.get("at"), "at", required=True)
    assert at is not None
    return ActivityRow(line, case_no, kind, at, _text(record, "by", 150), fields,
                       (kind, at, fields.stage, fields.measure_id), data)


def import_activities(records: Iterable[Record]) -> ImportResult:
    """Add activities to cases on record through the same checks and consequences as
    `fudao cases log` (fudao.cases.services.write_activity: stage order, payments within the
    approved amount, known measures and referral targets, financial outcomes on their case
    kind, follow-ups scheduled), in time order so that an application's stages follow each
    other whatever the file's order; a refused record is reported with its line."""
    result = ImportResult()

    def checked() -> Iterator[ActivityRow]:
        for line, record in records:
            try:
                yield parse_activity_record(line, record)
            except ValueError as exc:
                result.error(line, str(exc))

    for part in chunks(sorted_stream(checked(), key=lambda r: (r.at, r.line), run=ACTIVITY_RUN)):
        _write_activities(part, result)
    return result


# the columns a re-imported activity (same case, type, time, stage and measure) rewrites
UPDATED_COLUMNS = ("by_id", "by_name", "data", "mode", "outcome", "amount_twd", "due", "done_at")


def _write_activities(rows: list[ActivityRow], result: ImportResult) -> None:
    """One chunk in one transaction: each record checked against its case as it stands after
    the records before it, then written with its history row (a refused one writes nothing)."""
    users = _users({r.by for r in rows if r.by})
    created = updated = 0
    with transaction.atomic():
        cases = {c.case_no: c for c in Case.objects.select_for_update().filter(
            case_no__in={r.case_no for r in rows})}
        existing: dict[tuple[Any, ...], Activity] = {}
        for a in Activity.objects.filter(case_id__in=[c.pk for c in cases.values()]):
            existing[(a.case_id, a.type, a.at, a.stage, a.measure_id)] = a
        for row in rows:
            case = cases.get(row.case_no)
            if case is None:
                result.error(row.line, f"案號 case_no「{row.case_no}」不存在（請先匯入案件）")
                continue
            user = users.get(row.by) if row.by else None
            by = Actor(username=row.by or IMPORTED_BY, role=None, user_id=user.pk if user else None)
            key = (case.pk, *row.key)
            if key not in existing and (scheduled := _scheduled(case, row)) is not None:
                existing[key] = scheduled
            try:
                if key in existing:
                    check_activity(case=case, type=row.type, fields=row.fields, data=row.data,
                                   at=row.at, replacing=existing[key])
                    _rewrite(existing[key], row, by)
                    updated += 1
                else:
                    existing[key] = write_activity(case=case, type=row.type, by=by, fields=row.fields,
                                                   data=row.data, at=row.at)
                    created += 1
            except CaseError as exc:
                result.error(row.line, str(exc))
    result.created += created
    result.updated += updated


def _scheduled(case: Case, row: ActivityRow) -> Activity | None:
    """The follow-up the timeline scheduled on this case at the record's time for the record's
    step (an exported follow-up imported after the activity that scheduled it again)."""
    step = row.fields.data.get("step") if row.type == "follow_up" else None
    if not step:
        return None
    return (Activity.objects.filter(case=case, type="follow_up", at=row.at, data__step=step,
                                    data__trigger__isnull=False).order_by("id").first())


def _rewrite(activity: Activity, row: ActivityRow, by: Any) -> None:
    """A re-imported activity's columns set from its record (written only when they changed;
    a scheduled follow-up keeps the link to the activity that scheduled it)."""
    f = row.fields
    data = dict(f.data)
    if "trigger" in (activity.data or {}):
        data["trigger"] = activity.data["trigger"]
    values = {"by_id": by.user_id, "by_name": by.label, "data": data, "mode": f.mode,
              "outcome": f.outcome, "amount_twd": f.amount_twd, "due": f.due, "done_at": f.done_at}
    changed = [k for k in UPDATED_COLUMNS if getattr(activity, k) != values[k]]
    for k in changed:
        setattr(activity, k, values[k])
    if changed:
        activity.save(update_fields=changed)
