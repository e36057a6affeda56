"""Derived facts (sme, small_scale, manufacturer), defined as conditions in `data/_derived.yaml`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fudao.rules.evaluate import Outcome, evaluate
from fudao.rules.facts import INPUT_FACTS
from fudao.rules.loader import DATA_DIR, Located, parse_condition, parse_params
from fudao.rules.model import Node, Param, Source
from fudao.rules.schema import DERIVED_SCHEMA

DERIVED_FILE = DATA_DIR / "_derived.yaml"


@dataclass(frozen=True)
class Derived:
    """One derived fact: its label, its defining condition and the law it comes from."""

    key: str
    label: str
    condition: Node
    source: Source


@dataclass(frozen=True)
class DerivedSet:
    """The derived facts in dependency order, and the parameters they read."""

    facts: tuple[Derived, ...]
    params: dict[str, Param]


@lru_cache(maxsize=1)
def definitions() -> DerivedSet:
    """The derived facts of `_derived.yaml` (each may use the ones before it)."""
    doc = Located(DERIVED_FILE)
    doc.validate(DERIVED_SCHEMA)
    params = parse_params(doc, doc.data["params"], ("params",))
    known = set(INPUT_FACTS)
    out = []
    for key, spec in doc.data["derived"].items():
        node = parse_condition(doc, spec["condition"], ("derived", key, "condition"), known, params)
        src = spec["source"]
        lines = src.get("lines") or [None, None]
        out.append(Derived(key, spec["label"], node, Source(src.get("doc"), lines[0], lines[1], src.get("ref"))))
        known.add(key)
    return DerivedSet(tuple(out), params)


def derive(facts: dict[str, Any], on: dt.date | None = None) -> dict[str, bool | None]:
    """The derived facts of a profile's facts: True, False or None (unknown)."""
    spec = definitions()
    params = {name: p.at(on or dt.date.today()) for name, p in spec.params.items()}
    scope = dict(facts)
    result: dict[str, bool | None] = {}
    for d in spec.facts:
        result[d.key] = scope[d.key] = evaluate(d.condition, scope, params).value
    return result


def derived_outcome(key: str, facts: dict[str, Any], on: dt.date | None = None) -> Outcome | None:
    """The evaluation of a derived fact's definition (None when `key` is not derived)."""
    spec = definitions()
    for d in spec.facts:
        if d.key == key:
            params = {name: p.at(on or dt.date.today()) for name, p in spec.params.items()}
            return evaluate(d.condition, facts, params)
    return None


def base_facts(key: str) -> list[str]:
    """The entered facts a fact depends on (itself when it is not derived)."""
    by_key = {d.key: d for d in definitions().facts}
    if key not in by_key:
        return [key]
    out: list[str] = []
    for fact in by_key[key].condition.facts_read():
        out += [f for f in base_facts(fact) if f not in out]
    return out
