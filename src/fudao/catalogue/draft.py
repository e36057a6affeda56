"""What an extractor returns: a measure as found in one document, with its cited lines."""

from __future__ import annotations

import hashlib
import re
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
    "mittelstand_preferences", "contact_directory", "listing",
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


_KEY_DROP = re.compile(r"[\s「」『』\"“”《》〈〉·．.、,，:：\-－_]")
_KEY_ACRONYM = re.compile(r"[(（][A-Za-z0-9+ ]{2,12}[)）]$")


def programme_key(name: str) -> str:
    """What makes two names the same programme: width folded, 台→臺, quotes, spaces and
    punctuation dropped, a trailing acronym ((CITD)) dropped, agency names in their current form."""
    from fudao.zhtext.agencies import _pattern, canonical_agency
    from fudao.zhtext.normalize import fold_width

    text = fold_width(name).replace("台", "臺").strip()
    text = _KEY_ACRONYM.sub("", text)
    text = _pattern().sub(lambda m: canonical_agency(m.group()), text)
    return _KEY_DROP.sub("", text).upper()


def slug_for(name: str, doc: str = "", extra: str = "") -> str:
    """The stable id of a measure: a fixed slug if declared, else `m-` + 8 hex of its programme
    key, so that the same programme named by several documents is one measure (`doc` is kept for
    callers; `extra` separates two different measures of one name)."""
    fixed = fixed_slugs().get(name)
    if fixed:
        return fixed
    key = programme_key(name) + (f":{extra}" if extra else "")
    return "m-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
