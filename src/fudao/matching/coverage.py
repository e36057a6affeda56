"""How many catalogue measures the rules decide, per document (the coverage figure)."""

from __future__ import annotations

from typing import Any

from fudao.rules.model import Rule
from fudao.rules.selectors import published_rules

KINDS = ("rules", "informational", "not_encoded", "not_stated")
LABELS = {"rules": "依規則判定", "informational": "資訊性措施", "not_encoded": "載有條件但尚未編碼",
          "not_stated": "文件未載申請對象"}


def measure_kind(measure: dict[str, Any], rules: dict[str, Rule]) -> str:
    """`rules` (a rule decides it), `informational` (a rule marks that its document states no
    conditions), `not_encoded` (no rule although the catalogue read who may apply: the goal is
    none) or `not_stated` (no rule, and its document names no applicant: a directory row)."""
    rule = rules.get(measure["id"])
    if rule is not None:
        return "informational" if rule.informational else "rules"
    stated = measure.get("target") or measure.get("applicant_types")
    return "not_encoded" if stated else "not_stated"


def coverage(measures: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per leading document of the measures: counts of each kind and the ids not yet encoded."""
    rules = published_rules()
    out: dict[str, dict[str, Any]] = {}
    for m in measures:
        doc = (m.get("document") or {}).get("doc") or "（無文件）"
        row = out.setdefault(doc, {"measures": 0, **{k: 0 for k in KINDS}, "not_encoded_ids": []})
        kind = measure_kind(m, rules)
        row["measures"] += 1
        row[kind] += 1
        if kind == "not_encoded":
            row["not_encoded_ids"].append(m["id"])
    return dict(sorted(out.items()))


def store_coverage() -> dict[str, dict[str, Any]]:
    """The coverage of every published measure of the store's catalogue."""
    from fudao.catalogue.services import list_measures

    return coverage(list_measures(include_all=True, status="published")["measures"])
