"""The value a finder reports: what kind, the raw text, its parsed value and its span; and how a
finder drops the findings that overlap a longer one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Found:
    """One value found in a text: `text[start:end] == raw`; `value` is JSON-able."""

    kind: str
    raw: str
    value: Any
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """The finding as a plain dict (for JSON and storage)."""
        return asdict(self)


def longest_without_overlaps(found: Iterable[Found]) -> list[Found]:
    """The findings in text order, each overlapping group reduced to the one that starts first
    (the longest of those starting together)."""
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept
