"""Decide one rule for one profile: status, the deciding conditions in zh-TW, amount, trace."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fudao.rules.derived import base_facts, derive, derived_outcome
from fudao.rules.evaluate import OP_WORDS, Outcome, Truth, evaluate
from fudao.rules.model import Node, ParamValue, Rule
from fudao.rules.profile import FACTS, Profile, fact_label, parse_profile
from fudao.zhtext.rocdates import format_roc_date

STATUS = {True: "eligible", False: "ineligible", None: "unknown"}
INFORMATIONAL_REASON = "資訊性措施，無申請資格"
TRUTH = {True: "true", False: "false", None: "unknown"}


@dataclass
class Decision:
    """The answer of one rule for one profile."""

    rule: Rule
    status: str
    reasons: list[str]
    missing_facts: list[str]
    max_amount_twd: int | None
    hint: str | None
    deciding: list[str]
    trace: list[dict[str, Any]] = field(default_factory=list)
    benefit_terms: list[dict[str, Any]] = field(default_factory=list)


def shown(key: str, value: Any) -> str:
    """A fact value as a person reads it (choice labels, 是/否, thousands separators)."""
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return "是" if value else "否"
    spec = FACTS.get(key)
    labels = dict(spec.choices) if spec else {}
    if isinstance(value, list | tuple):
        return "、".join(labels.get(str(v), str(v)) for v in value)
    if str(value) in labels and not isinstance(value, int | float):
        return labels[str(value)]
    if isinstance(value, int | float):
        return f"{value:,}" if float(value).is_integer() else f"{value:,.2f}"
    return str(value)


def describe(node: Node, operand_value: Any = None) -> str:
    """A condition in zh-TW: its label, or a sentence built from fact, operator and operand."""
    if node.label:
        return node.label
    if node.kind in ("all", "any"):
        joiner = "且" if node.kind == "all" else "或"
        return f"（{joiner.join(describe(c) for c in node.children)}）"
    if node.kind == "not":
        return f"非{describe(node.children[0])}"
    fact = node.fact or ""
    value = operand_value if node.param and operand_value is not None else node.value
    operand = shown(fact, value) if value is not None else f"參數 {node.param}"
    if node.kind == "in":
        operand = "、".join(shown(fact, v) for v in node.values)
    return f"{fact_label(fact)}{OP_WORDS[node.op or 'eq']}{operand}"


def _missing(outcome: Outcome, facts: dict[str, Any], on: dt.date | None = None) -> list[str]:
    """The entered facts still unknown that keep an unknown condition open."""
    if outcome.value is not None:
        return []
    out: list[str] = []
    if outcome.children:
        for child in outcome.children:
            out += [f for f in _missing(child, facts, on) if f not in out]
        return out
    fact = outcome.node.fact or ""
    inner = derived_outcome(fact, facts, on)
    return _missing(inner, facts, on) if inner else [fact]


def _trace(o: Outcome, facts: dict[str, Any]) -> dict[str, Any]:
    """One condition's full evaluation record, for `--explain`."""
    entry: dict[str, Any] = {"condition": describe(o.node, o.operand), "value": TRUTH[o.value]}
    if o.node.id:
        entry["id"] = o.node.id
    if o.node.fact:
        entry["fact"] = {o.node.fact: o.fact_value}
        if base_facts(o.node.fact) != [o.node.fact]:
            entry["derived_from"] = {b: facts.get(b) for b in base_facts(o.node.fact)}
    if o.param:
        entry["param"] = {"name": o.node.param, "value": o.param.value,
                          "from": o.param.valid_from, "to": o.param.valid_to,
                          "source": o.param.source.to_dict()}
    elif o.node.kind != "in" and o.node.fact:
        entry["operand"] = o.operand
    if o.node.source:
        entry["source"] = o.node.source.to_dict()
    if o.children:
        entry["children"] = [_trace(c, facts) for c in o.children]
    return entry


def _reason(o: Outcome, facts: dict[str, Any]) -> str:
    """One zh-TW sentence for a deciding condition."""
    text = describe(o.node, o.operand)
    read = [f for f in o.node.facts_read() if f in facts]
    values = "、".join(f"{fact_label(f)}：{shown(f, facts.get(f))}" for f in read[:3])
    if o.value is True:
        return f"符合：{text}"
    if o.value is False:
        return f"不符合：{text}（{values}）"
    return f"尚待確認：{text}（缺少{'、'.join(fact_label(f) for f in _missing(o, facts))}）"


def amount_for(rule: Rule, facts: dict[str, Any], params: dict[str, ParamValue],
               status: str) -> tuple[int | None, str | None]:
    """The cap that applies to this firm and a note; None when ineligible, unstated or undecided."""
    if rule.benefit is None or status == "ineligible":
        return None, None
    for case in rule.benefit.cases:
        outcome = evaluate(case.when, facts, params) if case.when else None
        value: Truth = True if outcome is None else outcome.value
        if outcome is not None and value is None:
            on_what = "、".join(fact_label(f) for f in outcome.node.facts_read())
            missing = "、".join(fact_label(f) for f in _missing(outcome, facts))
            return None, f"{rule.benefit.label}視{on_what}而定（尚缺：{missing}）"
        if value:
            amount = int(params[case.amount].value) if case.amount else None
            return amount, case.note
    return None, None


def terms_for(rule: Rule, facts: dict[str, Any], params: dict[str, ParamValue]) -> list[dict[str, Any]]:
    """Each conditioned part of the benefit with the share of the loan asked for it applies to
    (`applies_to_twd`: the first 1,000萬 of a 1,200萬 request; null while the request is unknown)."""
    if rule.benefit is None:
        return []
    request = facts.get("loan_request_twd")
    out = []
    for term in rule.benefit.terms:
        limit = int(params[term.up_to or term.over or ""].value)
        if request is None:
            applies = None
        elif term.up_to:
            applies = int(min(request, limit))
        else:
            applies = int(max(0, request - limit))
        out.append({"label": term.label, "up_to_twd": limit if term.up_to else None,
                    "over_twd": limit if term.over else None, "applies_to_twd": applies,
                    "source": term.source.to_dict() if term.source else None})
    return out


def decide(rule: Rule, profile: Profile | dict[str, Any], *, on: dt.date | None = None,
           explain: bool = False) -> Decision:
    """Evaluate a rule for a profile on a date (default today): status, reasons, amount, trace."""
    on = on or dt.date.today()
    facts = parse_profile(profile).model_dump()
    facts.update(derive(facts, on))
    params = rule.params_at(on)
    top = evaluate(rule.condition, facts, params)
    status = STATUS[top.value]
    deciding = top.deciding()
    if rule.informational:
        reasons = [INFORMATIONAL_REASON]
    else:
        reasons = [_reason(o, facts) for o in deciding] or ["文件未列其他資格限制"]
    missing: list[str] = []
    for o in deciding if top.value is None else []:
        missing += [f for f in _missing(o, facts, on) if f not in missing]
    amount, note = amount_for(rule, facts, params, status)
    if note:
        reasons.append(note)
    reasons += list(rule.notes)
    if rule.valid_from and on < rule.valid_from:
        reasons.append(f"依文件所載，自{format_roc_date(rule.valid_from)}起受理")
    if rule.valid_to and on > rule.valid_to:
        reasons.append(f"依文件所載，申請期間已於{format_roc_date(rule.valid_to)}截止")
    hints = [o.node.hint for o in deciding if o.node.hint]
    hint = hints[0] if hints and (status == "unknown" or (len(deciding) == 1 and status == "ineligible")) else None
    decision = Decision(rule, status, reasons, missing, amount, hint,
                        [o.node.id or describe(o.node) for o in deciding])
    if status != "ineligible":
        decision.benefit_terms = terms_for(rule, facts, params)
    if explain:
        decision.trace = [_trace(o, facts) for o in top.children]
    return decision
