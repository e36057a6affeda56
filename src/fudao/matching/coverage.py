"""How many catalogue measures the rules decide, per document (the coverage figure)."""

from __future__ import annotations

from typing import Any

from fudao.rules.loader import load_rules
from fudao.rules.model import Rule

KINDS = ("rules", "informational", "not_encoded")
LABELS = {"rules": "依規則判定", "informational": "資訊性措施", "not_encoded": "尚未編碼"}


def measure_kind(measure_id: str, rules: dict[str, Rule]) -> str:
    """`rules` (a rule with conditions decides it), `informational` (its document states no
    conditions) or `not_encoded` (no rule yet: a match answers 「請洽承辦單位」)."""
    rule = rules.get(measure_id)
    if rule is None:
        return "not_encoded"
    return "informational" if rule.informational else "rules"


def coverage(measures: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per leading document of the measures: counts of each kind and the ids not yet encoded."""
    rules = load_rules()
    out: dict[str, dict[str, Any]] = {}
    for m in measures:
        doc = (m.get("document") or {}).get("doc") or "（無文件）"
        row = out.setdefault(doc, {"measures": 0, **{k: 0 for k in KINDS}, "not_encoded_ids": []})
        kind = measure_kind(m["id"], rules)
        row["measures"] += 1
        row[kind] += 1
        if kind == "not_encoded":
            row["not_encoded_ids"].append(m["id"])
    return dict(sorted(out.items()))


def store_coverage() -> dict[str, dict[str, Any]]:
    """The coverage of every published measure of the store's catalogue."""
    from fudao.catalogue.services import list_measures

    return coverage(list_measures(include_all=True, status="published")["measures"])
