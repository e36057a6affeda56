"""`fudao cases export`: a 民國 year's case records in `fudao import`'s own format (DESIGN
"Importing records"), so that an export imported into another store and exported again gives
the same records. Cases (merged ones with `merged_into`) come first in case-number order,
then their activities in time order; the rows are streamed from the store, never all held.

A follow-up the timeline scheduled keeps its step (`trigger_type`, `step`) but not the id of
the activity that triggered it: on import that activity schedules it again and the record
updates the scheduled one instead of doubling it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.cases import policy
from fudao.cases.models import Activity, Case

STREAM = 1000  # rows fetched from the store at a time
CASE_COLUMNS = ["case_no", "channel", "kind", "status", "opened_at", "ubn", "name", "contact_name",
                "contact_phone", "contact_email", "needs", "summary", "team", "assignee",
                "first_response_at", "resolved_at", "closed_at", "reason", "merged_into"]
ACTIVITY_COLUMNS = ["case_no", "activity", "at", "by", "mode", "stage", "outcome", "measure_id",
                    "amount_twd", "due", "done_at"]
# data keys that are the store's own (ids of other rows), not part of the record
STORE_KEYS = {"trigger"}


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def year_cases(actor: Actor, year: int) -> Any:
    """The cases numbered in 民國 year `year` that the actor may see, in case-number order."""
    return (policy.visible_cases(actor).filter(case_no__startswith=f"{year}-")
            .select_related("enterprise", "team", "assignee", "merged_into").order_by("case_no"))


def case_record(case: Case) -> dict[str, Any]:
    """One case as an import record (empty fields left out)."""
    record: dict[str, Any] = {
        "case_no": case.case_no, "channel": case.channel, "kind": case.kind, "status": case.status,
        "opened_at": _iso(case.opened_at),
        "ubn": case.enterprise.ubn if case.enterprise else None,
        "name": case.enterprise_name or (case.enterprise.name if case.enterprise else None),
        "contact_name": case.contact_name, "contact_phone": case.contact_phone,
        "contact_email": case.contact_email, "needs": list(case.needs or []), "summary": case.summary,
        "team": case.team.slug if case.team else None,
        "assignee": case.assignee.get_username() if case.assignee else None,
        "first_response_at": _iso(case.first_response_at), "resolved_at": _iso(case.resolved_at),
        "closed_at": _iso(case.closed_at),
        "reason": case.closing_reason if case.status in ("resolved", "closed") else None,
        "merged_into": case.merged_into.case_no if case.merged_into else None,
    }
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def activity_record(activity: Activity, case_no: str) -> dict[str, Any]:
    """One activity as an import record: its columns, then its other fields."""
    record: dict[str, Any] = {"case_no": case_no, "activity": activity.type, "at": _iso(activity.at),
                              "by": activity.by_name or None}
    for key in ("mode", "stage", "outcome", "measure_id"):
        record[key] = getattr(activity, key) or None
    record["amount_twd"] = activity.amount_twd
    record["due"] = activity.due.isoformat() if activity.due else None
    record["done_at"] = _iso(activity.done_at)
    record.update({k: v for k, v in (activity.data or {}).items()
                   if k not in record and k not in STORE_KEYS})
    return {k: v for k, v in record.items() if v is not None}


def export_records(actor: Actor, *, year: int) -> Iterator[dict[str, Any]]:
    """The year's records, each with its "type": cases, then activities in time order."""
    cases = year_cases(actor, year)
    for case in cases.iterator(chunk_size=STREAM):
        yield {"type": "case", **case_record(case)}
    activities = (Activity.objects.filter(case__in=cases.values("pk"))
                  .select_related("case").order_by("at", "id"))
    for activity in activities.iterator(chunk_size=STREAM):
        yield {"type": "activity", **activity_record(activity, activity.case.case_no)}


def jsonl_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The records as JSON Lines (UTF-8 text, one record a line)."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"


def table_cell(value: Any) -> Any:
    """A record's value as a table cell: lists and objects as JSON (the import decodes them),
    a list of names (`needs`) joined by commas, a yes/no as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, str) and "," not in v for v in value):
        return ",".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def table_rows(actor: Actor, *, year: int, record_type: str) -> Iterator[list[Any]]:
    """The year's records of one type as table rows, the header first: cases with the case
    columns; activities with their columns and then every other field any of them has."""
    if record_type == "case":
        yield CASE_COLUMNS
        for case in year_cases(actor, year).iterator(chunk_size=STREAM):
            record = case_record(case)
            yield [table_cell(record.get(k)) for k in CASE_COLUMNS]
        return
    activities = (Activity.objects.filter(case__in=year_cases(actor, year).values("pk"))
                  .select_related("case").order_by("at", "id"))
    extra: dict[str, None] = {}
    for activity in activities.iterator(chunk_size=STREAM):  # a first pass for the columns
        for key in activity_record(activity, "").keys() - set(ACTIVITY_COLUMNS):
            extra[key] = None
    columns = ACTIVITY_COLUMNS + sorted(extra)
    yield columns
    for activity in activities.iterator(chunk_size=STREAM):
        record = activity_record(activity, activity.case.case_no)
        yield [table_cell(record.get(k)) for k in columns]
