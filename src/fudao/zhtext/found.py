"""The value a finder reports: what kind, the raw text, its parsed value and its span."""

from __future__ import annotations

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
