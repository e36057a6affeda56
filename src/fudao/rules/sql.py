"""Compile rules to SQL with sqlglot: TRUE / FALSE / NULL is the three-valued logic of the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlglot import exp

from fudao.rules.derived import definitions
from fudao.rules.model import Node, ParamValue, Rule

_OPS: dict[str, type[exp.Binary]] = {
    "eq": exp.EQ, "ne": exp.NEQ, "lt": exp.LT, "le": exp.LTE, "gt": exp.GT, "ge": exp.GTE,
}


def literal(value: object) -> exp.Expression:
    """A SQL literal for a rule operand (bool, number or text)."""
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    return exp.Literal.string(str(value))


def condition_sql(node: Node, params: dict[str, ParamValue]) -> exp.Expression:
    """A condition as a SQL boolean expression over columns named after the facts."""
    if node.kind in ("all", "any"):
        if not node.children:
            return exp.Boolean(this=node.kind == "all")
        parts = [exp.paren(condition_sql(c, params), copy=False) for c in node.children]
        return exp.and_(*parts, copy=False) if node.kind == "all" else exp.or_(*parts, copy=False)
    if node.kind == "not":
        return exp.not_(exp.paren(condition_sql(node.children[0], params), copy=False), copy=False)
    column = exp.column(node.fact or "")
    if node.kind == "in":
        test = exp.In(this=column, expressions=[literal(v) for v in node.values])
        return test if node.op == "in" else exp.not_(test, copy=False)
    operand = params[node.param].value if node.param else node.value
    return _OPS[node.op or "eq"](this=column, expression=literal(operand))


def derived_columns(on: dt.date) -> list[exp.Expression]:
    """SELECT items computing the derived facts from the entered ones (each may use the former)."""
    spec = definitions()
    params = {name: p.at(on) for name, p in spec.params.items()}
    inlined: dict[str, exp.Expression] = {}
    items = []
    for d in spec.facts:
        expr = condition_sql(d.condition, params)
        for name, sub in inlined.items():
            expr = expr.transform(
                lambda n, name=name, sub=sub: exp.paren(sub.copy(), copy=False)
                if isinstance(n, exp.Column) and n.name == name else n
            )
        inlined[d.key] = expr
        items.append(exp.alias_(expr, d.key))
    return items


def status_sql(rule: Rule, on: dt.date) -> exp.Expression:
    """'eligible' / 'ineligible' / 'unknown' for a rule."""
    cond = exp.paren(condition_sql(rule.condition, rule.params_at(on)), copy=False)
    return (exp.case()
            .when(cond, exp.Literal.string("eligible"))
            .when(exp.not_(cond.copy()), exp.Literal.string("ineligible"))
            .else_(exp.Literal.string("unknown")))


def amount_sql(rule: Rule, on: dt.date) -> exp.Expression:
    """The cap that applies (NULL when ineligible, unstated, or undecided), as in `amount_for`."""
    null = exp.Null()
    if rule.benefit is None:
        return exp.cast(null, "BIGINT")
    params = rule.params_at(on)
    cond = exp.paren(condition_sql(rule.condition, params), copy=False)
    case = exp.case().when(exp.not_(cond), null)
    for branch in rule.benefit.cases:
        amount = literal(int(params[branch.amount].value)) if branch.amount else null
        if branch.when is None:
            return exp.cast(case.else_(amount), "BIGINT")
        when = exp.paren(condition_sql(branch.when, params), copy=False)
        case = case.when(when.copy().is_(null), null).when(when, amount)
    return exp.cast(case.else_(null), "BIGINT")


def union_all(parts: list[exp.Select]) -> exp.Query:
    """The selects as one UNION ALL (one row per enterprise × rule in the screening queries)."""
    query: exp.Query = parts[0]
    for part in parts[1:]:
        query = exp.union(query, part, distinct=False)
    return query


def screen_select(rules: Iterable[Rule], source: exp.Expression, keys: list[str],
                  on: dt.date) -> exp.Expression:
    """One row per enterprise × rule: keys, measure_id, status, max_amount_twd (UNION ALL)."""
    base = exp.select(exp.Star(), *derived_columns(on)).from_(source)
    parts = [
        exp.select(
            *[exp.column(k) for k in keys], exp.alias_(exp.Literal.string(rule.measure_id), "measure_id"),
            exp.alias_(status_sql(rule, on), "status"),
            exp.alias_(amount_sql(rule, on), "max_amount_twd"),
        ).from_("p")
        for rule in rules
    ]
    return union_all(parts).with_("p", as_=base)
