"""The published measures the answers may name, and the measures a text names.

The search layer stands below the catalogue: the catalogue installs its published measures
here when the app starts (`CatalogueConfig.ready`), so search never imports it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import DatabaseError

from fudao.zhtext.normalize import normalize_text

MeasureSource = Callable[[], list[dict[str, Any]]]
MIN_NAME_CHARS = 4

_source: MeasureSource | None = None
_names_cache: dict[int, tuple[list[dict[str, Any]], list[tuple[dict[str, Any], list[str]]]]] = {}


def install(source: MeasureSource) -> None:
    """Make `source` (the catalogue's published measures, as dicts) the measures answers name."""
    global _source
    _source = source


def squash(text: str) -> str:
    """The text normalised (zh-TW, full-width folded) with every space removed."""
    return "".join(normalize_text(text).split())


def published() -> list[tuple[dict[str, Any], list[str]]]:
    """The published measures with their squashed names and aliases of 4+ characters; empty
    before the catalogue is installed or while its tables are not there."""
    if _source is None:
        return []
    try:
        measures = _source()
    except DatabaseError:
        return []
    cached = _names_cache.get(id(measures))
    if cached is None or cached[0] is not measures:
        names = [(m, [squash(n) for n in (m["name"], *(m.get("aliases") or [])) if n and len(n) >= MIN_NAME_CHARS]) for m in measures]
        _names_cache.clear()
        cached = _names_cache[id(measures)] = (measures, names)
    return cached[1]


def named_measures(text: str) -> list[dict[str, Any]]:
    """Published measures whose name or an alias (4+ characters) the text states, longest name first."""
    flat = squash(text)
    found = [(max(len(n) for n in names if n in flat), m) for m, names in published() if any(n in flat for n in names)]
    found.sort(key=lambda pair: -pair[0])
    return [m for _, m in found]
