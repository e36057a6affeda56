"""What an extractor returns: a measure as found in one document, with its cited lines."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

# The measure fields an extractor may fill (the public measure dict, minus bookkeeping).
MEASURE_FIELDS: tuple[str, ...] = (
    "name", "aliases", "facet", "summary", "service_items", "target", "benefits",
    "instrument", "applicant_types", "region", "window", "how_to_apply",
    "required_documents", "agency", "executing_units", "contacts", "websites",
    "mittelstand_preferences",
)

EMPTY_WINDOW: dict[str, Any] = {
    "start": None, "end": None, "text": "", "is_open_ended": False,
    "recurring": False, "yearly_months": None,
}


@dataclass
class DraftMeasure:
    """A measure extracted from one document; `sources` maps a field to its 1-based line range."""

    slug: str
    name: str
    doc: str
    line_start: int
    line_end: int
    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    review_flags: list[str] = field(default_factory=list)

    def set(self, name: str, value: Any, start: int, end: int | None = None) -> None:
        """Store a field's value and cite the lines it came from."""
        self.fields[name] = value
        self.sources[name] = {"doc": self.doc, "line_start": start, "line_end": end or start}

    def flag(self, message: str) -> None:
        """Add a review flag (zh-TW) once."""
        if message not in self.review_flags:
            self.review_flags.append(message)


@lru_cache(maxsize=1)
def fixed_slugs() -> dict[str, str]:
    """Name (or alias) → slug, from `data/slugs.yaml`."""
    text = resources.files("fudao.catalogue").joinpath("data/slugs.yaml").read_text("utf-8")
    out: dict[str, str] = {}
    for row in yaml.safe_load(text)["slugs"]:
        for name in [row["name"], *row.get("aliases", [])]:
            out[name] = row["slug"]
    return out


def slug_for(name: str, doc: str, extra: str = "") -> str:
    """The stable id of a measure: a fixed slug if declared, else `m-` + 8 hex of doc number and name."""
    fixed = fixed_slugs().get(name)
    if fixed:
        return fixed
    key = f"{doc.split('_')[0]}:{name}:{extra}"
    return "m-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
