"""Screening every confirmed subscription in SQL (the screening compiler of `fudao.rules.sql`),
and what is new for each subscriber since their last alert (DESIGN "Alerts").

The saved profiles are JSON; one projection per store (SQLite's `->>`, PostgreSQL's `->>` with
casts) turns them into the typed fact columns the compiled rules read. The query returns one
row per subscription × rule: status, the facts still missing and the cap — the same values
`match` gives (tests/alerts compare them one by one). The comparison with each subscriber's
last state is then a walk over those rows, not a re-evaluation of profiles.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db import connection
from sqlglot import exp

from fudao.matching.screen import SCREEN_FACTS
from fudao.outreach.sql import missing_sql
from fudao.rules.model import Rule
from fudao.rules.profile import FACTS
from fudao.rules.sql import amount_sql, derived_columns, status_sql

NUMBER_TYPES = ("int", "number")


def _projection(vendor: str, table: str, only: list[int] | None) -> tuple[str, list[Any]]:
    """SELECT id, <fact columns typed> FROM the subscriptions table (confirmed, not
    unsubscribed, or exactly the ids of `only`)."""
    cols = []
    for key in SCREEN_FACTS:
        kind = FACTS[key].type
        if vendor == "postgresql":
            text = f"(profile ->> '{key}')"
            cols.append(f"CAST({text} AS DOUBLE PRECISION) AS {key}" if kind in NUMBER_TYPES else
                        f"CAST({text} AS BOOLEAN) AS {key}" if kind == "bool" else f"{text} AS {key}")
        else:
            cols.append(f"json_extract(profile, '$.{key}') AS {key}")
    where, args = "confirmed_at IS NOT NULL AND unsubscribed_at IS NULL", []
    if only is not None:
        where = f"id IN ({', '.join(['%s'] * len(only))})" if only else "1 = 0"
        args = list(only)
    return f"SELECT id, {', '.join(cols)} FROM {table} WHERE {where}", args


@lru_cache(maxsize=64)
def _compiled(rules: tuple[Rule, ...], on: dt.date, vendor: str) -> str:
    """The per-rule SELECTs over the CTE `p` (subscriptions with derived facts), rendered once
    per rule set, day and store (a rule set is the same objects until a publish)."""
    parts = [
        exp.select(
            exp.column("id"), exp.alias_(exp.Literal.string(rule.measure_id), "measure_id"),
            exp.alias_(status_sql(rule, on), "status"),
            exp.alias_(missing_sql(rule, on), "missing_facts"),
            exp.alias_(amount_sql(rule, on), "max_amount_twd"),
        ).from_("p")
        for rule in rules
    ]
    union: exp.Query = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    query = union.with_("p", as_=exp.select(exp.Star(), *derived_columns(on)).from_("src"))
    dialect = {"postgresql": "postgres"}.get(vendor, vendor)
    return query.sql(dialect=dialect).replace("%", "%%")


def _changed_filter(vendor: str, always: list[str]) -> tuple[str, list[Any]]:
    """The WHERE of the screened rows `r` joined to their subscription `s` that may be news: a
    status or cap other than the subscriber's last state, a subscription whose digest waits
    (deferred), or a measure of `always` (a window that opens or closes)."""
    if vendor == "postgresql":
        last = "(s.last_state -> r.measure_id)"
        differs = (f"({last} ->> 'status') IS DISTINCT FROM r.status OR "
                   f"CAST({last} ->> 'cap' AS NUMERIC) IS DISTINCT FROM CAST(r.max_amount_twd AS NUMERIC)")
    else:
        path = "'$.\"' || r.measure_id || '\".'"
        differs = (f"json_extract(s.last_state, {path} || 'status') IS NOT r.status OR "
                   f"CAST(json_extract(s.last_state, {path} || 'cap') AS REAL) IS NOT CAST(r.max_amount_twd AS REAL)")
    where = f"({differs}) OR s.deferred_on IS NOT NULL"
    if always:
        where += f" OR r.measure_id IN ({', '.join(['%s'] * len(always))})"
    return where, list(always)


def screen_subscriptions(rules: Iterable[Rule], on: dt.date, only: list[int] | None = None, *,
                         changed_only: bool = False,
                         always: list[str] | None = None) -> list[tuple[int, str, str, list[str], int | None]]:
    """(subscription id, measure id, status, missing facts, cap) for every confirmed subscription
    (or those of `only`) × rule, computed by the store in one query. With `changed_only`, only
    the rows that may be news (`_changed_filter`): a publish that changes one measure for a few
    subscribers returns those few rows, not one per subscriber."""
    from fudao.alerts.models import Subscription

    chosen = tuple(r for r in rules if not r.informational)
    if not chosen:
        return []
    vendor = connection.vendor
    body = _compiled(chosen, on, vendor)
    table = Subscription._meta.db_table
    source, args = _projection(vendor, table, only)
    assert body.startswith("WITH p AS")
    sql = f"WITH src AS ({source}), p AS" + body[len("WITH p AS"):]
    if changed_only:
        where, extra = _changed_filter(vendor, always or [])
        sql = (f"SELECT r.id, r.measure_id, r.status, r.missing_facts, r.max_amount_twd FROM ({sql}) r "
               f"JOIN {table} s ON s.id = r.id WHERE {where}")
        args = [*args, *extra]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    return [(int(sid), mid, status, json.loads(missing or "[]"), int(cap) if cap is not None else None)
            for sid, mid, status, missing, cap in rows]


def news(previous: dict[str, Any] | None, status: str, cap: int | None) -> str | None:
    """What is new about one measure for one subscriber: became_eligible, became_undecided,
    cap_raised, or None (nothing new)."""
    before = (previous or {}).get("status")
    if status == "eligible" and before != "eligible":
        return "became_eligible"
    if status == "unknown" and before in (None, "ineligible"):
        return "became_undecided"
    old_cap = (previous or {}).get("cap")
    if status in ("eligible", "unknown") and before == status and cap and old_cap and cap > old_cap:
        return "cap_raised"
    return None
