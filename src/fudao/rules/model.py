"""The parsed form of a rules file: conditions, dated parameters, benefit formulas, sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

COMPARE_OPS = ("eq", "ne", "lt", "le", "gt", "ge")
MEMBER_OPS = ("in", "not_in")
GROUP_KINDS = ("all", "any", "not")


@dataclass(frozen=True)
class Source:
    """Where a fact of a rule is written: a corpus document and 1-based line range, or a law."""

    doc: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    ref: str | None = None
    mentions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN citation shape ({doc, line_start, line_end}) or {ref} for a law."""
        if self.doc:
            return {"doc": self.doc, "line_start": self.line_start, "line_end": self.line_end}
        return {"ref": self.ref}


@dataclass(frozen=True)
class ParamValue:
    """One value of a parameter, the dates it applies from and to, and its source."""

    value: Any
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: Source

    def applies_on(self, on: dt.date) -> bool:
        """Whether this value is in force on a date."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@dataclass(frozen=True)
class Param:
    """A named threshold or amount whose value may change over time."""

    name: str
    label: str
    values: tuple[ParamValue, ...]

    def at(self, on: dt.date) -> ParamValue:
        """The value in force on `on`; else the latest that started before it; else the first."""
        for value in self.values:
            if value.applies_on(on):
                return value
        started = [v for v in self.values if v.valid_from is None or v.valid_from <= on]
        if started:
            return max(started, key=lambda v: v.valid_from or dt.date.min)
        return min(self.values, key=lambda v: v.valid_from or dt.date.min)


@dataclass(frozen=True)
class Node:
    """A condition: a comparison, a membership test, or a group (all / any / not)."""

    kind: str  # cmp | in | all | any | not
    fact: str | None = None
    op: str | None = None
    value: Any = None
    param: str | None = None
    values: tuple[Any, ...] = ()
    children: tuple[Node, ...] = ()
    id: str | None = None
    label: str | None = None
    hint: str | None = None
    source: Source | None = None

    def facts_read(self) -> list[str]:
        """Every fact this condition reads, in order, without repeats."""
        seen: list[str] = []
        if self.fact:
            seen.append(self.fact)
        for child in self.children:
            seen += [f for f in child.facts_read() if f not in seen]
        return seen

    def params_read(self) -> list[str]:
        """Every parameter this condition reads."""
        found = [self.param] if self.param else []
        for child in self.children:
            found += [p for p in child.params_read() if p not in found]
        return found


@dataclass(frozen=True)
class BenefitCase:
    """One branch of a benefit formula: when the condition holds, the cap is `amount`."""

    when: Node | None
    amount: str | None  # parameter name; None = the documents state no cap for this case
    note: str | None = None


@dataclass(frozen=True)
class BenefitTerm:
    """A part of a benefit that holds on the loan asked for up to (or above) an amount."""

    label: str
    up_to: str | None  # parameter name
    over: str | None
    source: Source | None = None


@dataclass(frozen=True)
class Benefit:
    """The cap that applies to a firm: the first case whose condition is true."""

    label: str
    cases: tuple[BenefitCase, ...]
    terms: tuple[BenefitTerm, ...] = ()


@dataclass(frozen=True, eq=False)
class Rule:
    """The eligibility rule of one measure, joined to the catalogue by `measure_id`."""

    measure_id: str
    name: str
    agency: str
    needs: tuple[str, ...]
    valid_from: dt.date | None
    valid_to: dt.date | None
    sources: tuple[Source, ...]
    params: dict[str, Param]
    condition: Node
    benefit: Benefit | None
    notes: tuple[str, ...] = ()
    path: str = ""
    informational: bool = False  # the document states no conditions: nothing to qualify for
    extra: dict[str, Any] = field(default_factory=dict)

    def params_at(self, on: dt.date) -> dict[str, ParamValue]:
        """Every parameter's value in force on a date."""
        return {name: param.at(on) for name, param in self.params.items()}
