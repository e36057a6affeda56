"""The catalogue as the CLI, the web and `ask` use it: list, show, and find measures named in a text."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from fudao.catalogue.draft import MEASURE_FIELDS
from fudao.catalogue.models import FACETS, INSTRUMENTS, Measure
from fudao.catalogue.window import is_open
from fudao.zhtext.agencies import canonical_agency

STATUSES = [s.value for s in Measure.Status]
INSTRUMENT_KEYS = [key for key, _ in INSTRUMENTS]


class MeasureNotFound(LookupError):
    """No measure has this id (the message is zh-TW)."""


class FilterError(ValueError):
    """A list filter has a value outside its vocabulary (the message is zh-TW)."""


def today() -> date:
    """Today in Taipei."""
    return timezone.localdate()


def measure_to_dict(measure: Measure, on: date | None = None) -> dict[str, Any]:
    """The public JSON of a measure, with `is_open` on `on` (default today)."""
    data: dict[str, Any] = {"id": measure.id}
    for field in MEASURE_FIELDS:
        data[field] = measure.get_value(field)
    data["is_open"] = is_open(data["window"], on or today())
    data.update(
        status=measure.status,
        sources=measure.sources,
        updated_at=measure.updated_at.isoformat() if measure.updated_at else None,
        last_checked=measure.last_checked.isoformat() if measure.last_checked else None,
        review_flags=measure.review_flags,
    )
    return data


def _check(value: str | None, allowed: list[str], label: str) -> None:
    if value is not None and value not in allowed:
        raise FilterError(f"{label}「{value}」不存在，可用：{'、'.join(allowed)}")


def _agency_matches(measure: Measure, agency: str) -> bool:
    wanted = canonical_agency(agency)
    names = [measure.agency, *measure.executing_units, *(c.get("org") or "" for c in measure.contacts)]
    return any(wanted == n or agency in n for n in names if n)


def list_measures(
    *,
    facet: str | None = None,
    agency: str | None = None,
    instrument: str | None = None,
    open_on: date | None = None,
    status: str | None = None,
    include_all: bool = False,
) -> dict[str, Any]:
    """Measures matching the filters, with facet counts.

    By default only published measures open today (or on `open_on`); `status` picks another
    status; `include_all` lists every measure whatever its status or window unless
    `status`/`open_on` are given too.
    """
    _check(facet, FACETS, "面向")
    _check(instrument, INSTRUMENT_KEYS, "工具")
    _check(status, STATUSES, "狀態")
    qs: QuerySet[Measure] = Measure.objects.all()
    if status:
        qs = qs.filter(status=status)
    elif not include_all:
        qs = qs.filter(status=Measure.Status.PUBLISHED)
    if instrument:
        qs = qs.filter(instrument=instrument)
    on = open_on or today()
    rows = [m for m in qs if not agency or _agency_matches(m, agency)]
    if open_on or not include_all:
        rows = [m for m in rows if is_open(m.get_value("window"), on)]
    facets: dict[str, int] = {}
    for m in rows:
        facets[m.facet] = facets.get(m.facet, 0) + 1
    if facet:
        rows = [m for m in rows if m.facet == facet]
    return {"measures": [measure_to_dict(m, on) for m in rows], "count": len(rows), "facets": facets}


_published_lock = threading.Lock()
_published_cache: dict[tuple[str, date], list[dict[str, Any]]] = {}


def catalogue_fingerprint() -> str:
    """A value that changes whenever a measure is added, removed or edited."""
    stats = Measure.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    return f"{stats['n']}|{stats['latest']}"


def published_measures(on: date | None = None) -> list[dict[str, Any]]:
    """Every published measure as a dict, whatever its window; kept in memory until the catalogue changes."""
    key = (catalogue_fingerprint(), on or today())
    with _published_lock:
        cached = _published_cache.get(key)
    if cached is None:
        cached = list_measures(status=Measure.Status.PUBLISHED, include_all=True, open_on=None)["measures"]
        with _published_lock:
            _published_cache.clear()
            _published_cache[key] = cached
    return cached


def get_measure(measure_id: str) -> dict[str, Any]:
    """One measure by id, whatever its status; raises MeasureNotFound."""
    measure = Measure.objects.filter(pk=measure_id).first()
    if measure is None:
        raise MeasureNotFound(f"找不到輔導措施「{measure_id}」")
    return measure_to_dict(measure)


def _squash(text: str) -> str:
    from fudao.zhtext.normalize import normalize_text

    return "".join(normalize_text(text).split())


def measures_named_in(text: str) -> list[dict[str, Any]]:
    """Published measures whose name or an alias (4+ characters) appears in the text, longest name first."""
    flat = _squash(text)
    found: list[tuple[int, Measure]] = []
    for m in Measure.objects.filter(status=Measure.Status.PUBLISHED):
        names = [n for n in (m.name, *m.aliases) if len(n) >= 4]
        hits = [len(n) for n in names if "".join(n.split()) in flat]  # names are stored in zh-TW
        if hits:
            found.append((max(hits), m))
    found.sort(key=lambda pair: -pair[0])
    return [measure_to_dict(m) for _, m in found]
