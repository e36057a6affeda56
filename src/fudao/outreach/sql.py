"""The campaign query: the rules compiled to SQL over the filtered enterprise table, one row per
enterprise × measure that is eligible or still undecided, with the facts still missing, the
cap that applies and the rank — rendered by sqlglot for SQLite, PostgreSQL or Spark SQL.

The missing facts are computed in the same pass. `decide` lists, for an undecided rule, the
entered facts of the leaf conditions reached by walking only through undecided conditions (a
derived fact's leaf continues into its definition), in depth-first order without repeats.
In SQL a leaf contributes its fact when it and every condition above it IS NULL, and only
when no earlier leaf on the same fact already did: one CASE per leaf, concatenated into a
JSON array text — the same list, in the same order, as the Python evaluator gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlglot import exp

from fudao.matching.screen import SCREEN_FACTS
from fudao.rules.derived import definitions
from fudao.rules.model import Node, ParamValue, Rule
from fudao.rules.sql import (
    amount_sql,
    condition_sql,
    derived_columns,
    literal,
    status_sql,
    union_all,
)

TARGET_COLUMNS = ["enterprise_id", "measure_id", "status", "missing_facts", "max_amount_twd", "rank"]


def _is_null(expr: exp.Expression) -> exp.Expression:
    return exp.Is(this=exp.paren(expr.copy(), copy=False), expression=exp.Null())


def _leaves(node: Node, params: dict[str, ParamValue], path: list[exp.Expression],
            on: dt.date) -> list[tuple[str, list[exp.Expression]]]:
    """(entered fact, conditions that must all hold for it to be missing) per leaf, in DFS order."""
    here = [*path, _is_null(condition_sql(node, params))]
    if node.children:
        out: list[tuple[str, list[exp.Expression]]] = []
        for child in node.children:
            out += _leaves(child, params, here, on)
        return out
    fact = node.fact or ""
    spec = definitions()
    for d in spec.facts:
        if d.key == fact:
            inner = {name: p.at(on) for name, p in spec.params.items()}
            return _leaves(d.condition, inner, here, on)
    return [(fact, here)]


def missing_sql(rule: Rule, on: dt.date) -> exp.Expression:
    """The facts still missing for an undecided rule as JSON array text (`[]` when decided)."""
    pieces: list[exp.Expression] = []
    earlier: dict[str, list[exp.Expression]] = {}
    for fact, conds in _leaves(rule.condition, rule.params_at(on), [], on):
        test = exp.and_(*[c.copy() for c in conds], copy=False)
        before = earlier.setdefault(fact, [])
        emit = test if not before else exp.and_(
            exp.paren(test, copy=False),
            exp.not_(exp.paren(exp.or_(*[b.copy() for b in before], copy=False), copy=False)),
            copy=False)
        before.append(exp.paren(test.copy(), copy=False))
        pieces.append(exp.case().when(emit, exp.Literal.string(f'"{fact}",'))
                      .else_(exp.Literal.string("")))
    if not pieces:
        return exp.Literal.string("[]")
    joined = pieces[0] if len(pieces) == 1 else exp.Concat(expressions=pieces, safe=True)
    trimmed = exp.Trim(this=joined, expression=exp.Literal.string(","), position="TRAILING")
    return exp.Concat(expressions=[exp.Literal.string("["), trimmed, exp.Literal.string("]")],
                      safe=True)


def filter_sql(where: dict[str, Any]) -> exp.Expression | None:
    """The campaign's filter (fact = value, all of them) as a SQL condition."""
    parts = [exp.EQ(this=exp.column(k), expression=literal(v)) for k, v in where.items()]
    return exp.and_(*parts, copy=False) if parts else None


def campaign_select(rules: Iterable[Rule], where: dict[str, Any], on: dt.date,
                    table: str = "enterprises_enterprise",
                    enterprise_ids: Iterable[int] | None = None) -> exp.Select:
    """enterprise_id, measure_id, status, missing_facts, max_amount_twd, rank, county for every
    enterprise passing `where` (and among `enterprise_ids`, when given) × rule, eligible or
    unknown only; rank 1 is called first (eligible before unknown, then the larger cap, then
    統一編號)."""
    rules = list(rules)
    source = exp.select(exp.column("id"), *[exp.column(k) for k in SCREEN_FACTS]).from_(table)
    condition = filter_sql(where)
    if enterprise_ids is not None:
        ids: list[exp.Expression] = [exp.Literal.number(int(i)) for i in enterprise_ids]
        among = exp.column("id").isin(*(ids or [exp.Null()]))
        condition = among if condition is None else exp.and_(condition, among)
    if condition is not None:
        source = source.where(condition)
    base = exp.select(exp.Star(), *derived_columns(on)).from_(source.subquery("e"))
    parts = [
        exp.select(
            exp.alias_(exp.column("id"), "enterprise_id"), exp.column("ubn"), exp.column("county"),
            exp.alias_(exp.Literal.string(rule.measure_id), "measure_id"),
            exp.alias_(status_sql(rule, on), "status"),
            exp.alias_(missing_sql(rule, on), "missing_facts"),
            exp.alias_(amount_sql(rule, on), "max_amount_twd"),
        ).from_("p")
        for rule in rules
    ]
    screened = exp.select("*").from_(union_all(parts).subquery("s")).where(
        exp.column("status").isin(exp.Literal.string("eligible"), exp.Literal.string("unknown")))
    order = exp.Window(
        this=exp.RowNumber(),
        order=exp.Order(expressions=[
            exp.Ordered(this=exp.case().when(exp.column("status").eq(exp.Literal.string("eligible")),
                                             exp.Literal.number(0)).else_(exp.Literal.number(1))),
            exp.Ordered(this=exp.column("max_amount_twd"), desc=True, nulls_first=False),
            exp.Ordered(this=exp.column("ubn"), nulls_first=False),
            exp.Ordered(this=exp.column("measure_id"), nulls_first=False),
        ]))
    ranked = exp.select(
        *[exp.column(c) for c in TARGET_COLUMNS[:-1]], exp.alias_(order, "rank"), exp.column("county"),
    ).from_(screened.subquery("t"))
    return ranked.with_("p", as_=base)
