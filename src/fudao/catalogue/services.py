"""The catalogue as the CLI, the web and `ask` use it: list, show, and find measures named in a text."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from fudao.catalogue.draft import MEASURE_FIELDS
from fudao.catalogue.freshness import ACCEPTING, STATE_RANK, STATES, state_label, window_state
from fudao.catalogue.models import FACETS, INSTRUMENTS, Measure
from fudao.errors import Invalid, NotFound
from fudao.zhtext.agencies import canonical_agency

STATUSES = [s.value for s in Measure.Status]
INSTRUMENT_KEYS = [key for key, _ in INSTRUMENTS]


class MeasureNotFound(NotFound):
    """No measure has this id (the message is zh-TW)."""


class FilterError(Invalid):
    """A list filter has a value outside its vocabulary (the message is zh-TW)."""


def today() -> date:
    """Today in Taipei."""
    return timezone.localdate()


def measure_to_dict(measure: Measure, on: date | None = None) -> dict[str, Any]:
    """The public JSON of a measure, with its window state on `on` (default today).

    `window_state` is open · not_stated · unconfirmed · closed (see catalogue.freshness) with
    its zh-TW `window_label`; `is_open` is true for open and not_stated (nothing in a recent
    document closes it); `as_of` is the date of the leading document; `document` its stem,
    title and date; `history` the older documents naming the same programme.
    """
    day = on or today()
    data: dict[str, Any] = {"id": measure.id}
    for field in MEASURE_FIELDS:
        data[field] = measure.get_value(field)
    state = window_state(data["window"], measure.as_of, day)
    data.update(
        as_of=measure.as_of.isoformat() if measure.as_of else None,
        window_state=state,
        window_label=state_label(state, data["window"], measure.as_of, day),
        is_open=state in ACCEPTING,
        document=_document_ref(measure),
        history=measure.history,
    )
    data.update(
        status=measure.status,
        sources=measure.sources,
        updated_at=measure.updated_at.isoformat() if measure.updated_at else None,
        last_checked=measure.last_checked.isoformat() if measure.last_checked else None,
        review_flags=measure.review_flags,
    )
    return data


def _document_ref(measure: Measure) -> dict[str, Any] | None:
    document = measure.document
    if document is None:
        return None
    return {"doc": document.stem, "title": document.title,
            "as_of": document.as_of.isoformat() if document.as_of else None}


def _check(value: str | None, allowed: list[str], label: str) -> None:
    if value is not None and value not in allowed:
        raise FilterError(f"{label}「{value}」不存在，可用：{'、'.join(allowed)}")


def _agency_matches(measure: Measure, agency: str) -> bool:
    wanted = canonical_agency(agency)
    names = [measure.agency, *measure.executing_units, *(c.get("org") or "" for c in measure.contacts)]
    return any(wanted == n or agency in n for n in names if n)


def max_benefit_twd(measure: dict[str, Any]) -> int | None:
    """The largest TWD amount among a measure's benefits (caps, loans), or None."""
    amounts = [b["value"] for b in measure.get("benefits") or []
               if b.get("unit") == "TWD" and isinstance(b.get("value"), int | float)]
    return int(max(amounts)) if amounts else None


def list_measures(
    *,
    facet: str | None = None,
    agency: str | None = None,
    instrument: str | None = None,
    open_on: date | None = None,
    status: str | None = None,
    include_all: bool = False,
    state: str | None = None,
    min_amount_twd: int | None = None,
) -> dict[str, Any]:
    """Measures matching the filters, grouped by window state, with facet and state counts.

    By default only published measures accepting applications today (or on `open_on`: window
    state open or not_stated); `status` picks another status; `include_all` lists every
    measure whatever its status or window unless `status`/`open_on` are given too; `state`
    keeps one window state; `min_amount_twd` keeps those whose largest TWD amount (a cap, a
    loan) reaches it. Rows come open first, then not_stated, unconfirmed, closed.
    """
    _check(state, list(STATES), "受理狀態")
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
    dicts = [measure_to_dict(m, on) for m in qs.select_related("document")
             if not agency or _agency_matches(m, agency)]
    if open_on or not include_all:
        dicts = [m for m in dicts if m["is_open"]]
    if state:
        dicts = [m for m in dicts if m["window_state"] == state]
    if min_amount_twd is not None:
        if min_amount_twd < 0:
            raise FilterError("金額下限不可小於 0")
        dicts = [m for m in dicts if (max_benefit_twd(m) or 0) >= min_amount_twd]
    facets: dict[str, int] = {}
    for m in dicts:
        facets[m["facet"]] = facets.get(m["facet"], 0) + 1
    if facet:
        dicts = [m for m in dicts if m["facet"] == facet]
    dicts.sort(key=lambda m: STATE_RANK[m["window_state"]])  # stable: by id within a state
    states = {s: sum(1 for m in dicts if m["window_state"] == s) for s in STATES}
    return {"measures": dicts, "count": len(dicts), "facets": facets, "states": states}


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
    measure = Measure.objects.select_related("document").filter(pk=measure_id).first()
    if measure is None:
        raise MeasureNotFound(f"找不到輔導措施「{measure_id}」")
    return measure_to_dict(measure)


