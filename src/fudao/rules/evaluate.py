"""Three-valued (Kleene) evaluation of conditions: True, False, or None for unknown."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fudao.rules.model import Node, ParamValue

Truth = bool | None

_CMP = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}

OP_WORDS = {"eq": "等於", "ne": "不等於", "lt": "小於", "le": "小於或等於", "gt": "大於",
            "ge": "大於或等於", "in": "屬於", "not_in": "不屬於"}


@dataclass
class Outcome:
    """The value of one condition with the facts and parameter values it read."""

    node: Node
    value: Truth
    fact_value: Any = None
    operand: Any = None
    param: ParamValue | None = None
    children: list[Outcome] = field(default_factory=list)

    def deciding(self) -> list[Outcome]:
        """The children that decide a group's value (or the unknown ones that keep it open)."""
        kids = self.children
        if self.node.kind == "not":
            return kids
        if self.value is None:
            return [c for c in kids if c.value is None]
        if self.node.kind == "all":
            return kids if self.value else [c for c in kids if c.value is False]
        return [c for c in kids if c.value is True][:1] if self.value else kids


def kleene_all(values: list[Truth]) -> Truth:
    """AND in three-valued logic: one False decides, else any None leaves it unknown."""
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def kleene_any(values: list[Truth]) -> Truth:
    """OR in three-valued logic: one True decides, else any None leaves it unknown."""
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def evaluate(node: Node, facts: dict[str, Any], params: dict[str, ParamValue]) -> Outcome:
    """Evaluate a condition over facts (None = unknown) and the parameter values in force."""
    if node.kind in ("all", "any", "not"):
        kids = [evaluate(c, facts, params) for c in node.children]
        values = [k.value for k in kids]
        if node.kind == "all":
            value = kleene_all(values)
        elif node.kind == "any":
            value = kleene_any(values)
        else:
            value = None if values[0] is None else not values[0]
        return Outcome(node, value, children=kids)
    actual = facts.get(node.fact or "")
    if node.kind == "in":
        member = None if actual is None else actual in node.values
        value = member if node.op == "in" or member is None else not member
        return Outcome(node, value, actual, list(node.values))
    pv = params[node.param] if node.param else None
    operand = pv.value if pv else node.value
    value = None if actual is None else bool(_CMP[node.op or "eq"](actual, operand))
    return Outcome(node, value, actual, operand, pv)
