"""How well a measure meets an enterprise's stated needs (the mapping is data: data/needs.yaml)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

NEEDS_FILE = Path(__file__).resolve().parent / "data" / "needs.yaml"


@lru_cache(maxsize=1)
def needs_map() -> dict[str, dict[str, list[str]]]:
    """need → {facets, instruments, words}."""
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(NEEDS_FILE.read_text(encoding="utf-8"))
    return data


def _text(measure: dict[str, Any]) -> str:
    parts = [measure.get("name"), measure.get("summary"), measure.get("target")]
    items = measure.get("service_items") or []
    parts += [str(i) for i in items] if isinstance(items, list) else [str(items)]
    return " ".join(str(p) for p in parts if p)


def needs_score(needs: Sequence[str] | None, rule_needs: tuple[str, ...] = (),
                measure: dict[str, Any] | None = None) -> int:
    """How many of the stated needs the measure serves (by its rule's list or its catalogue entry)."""
    if not needs:
        return 0
    score = 0
    text = _text(measure) if measure else ""
    for need in needs:
        spec = needs_map().get(need, {})
        served = need in rule_needs or (bool(measure) and (
            (measure or {}).get("facet") in spec.get("facets", [])
            or (measure or {}).get("instrument") in spec.get("instruments", [])
            or any(word in text for word in spec.get("words", []))
        ))
        score += int(bool(served))
    return score
