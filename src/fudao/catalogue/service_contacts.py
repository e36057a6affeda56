"""The service's own hotlines as data (`data/service_contacts.yaml`): the way on that a page
offers when no document answers a question, each line cited to the document that states it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class ServiceContact:
    """One of the service's hotlines: who answers, the line's role, its number, its hours (None
    when the document gives none) and the document number and original lines that state it."""

    key: str
    name: str
    role: str
    phone: str
    hours: str | None
    doc: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class ServicePoint:
    """A place the enterprise may go: its name and role, the phone (and extension) that reaches
    it, its address and hours (None where the documents give none, `missing` saying what is not
    stated), and the document number and original lines that state it."""

    key: str
    name: str
    regions: tuple[str, ...]
    role: str
    phone: str | None
    ext: str | None
    address: str | None
    hours: str | None
    missing: str
    doc: str
    line_start: int
    line_end: int


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("fudao.catalogue").joinpath("data/service_contacts.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@lru_cache(maxsize=1)
def service_points() -> tuple[ServicePoint, ...]:
    """The service points, in the order the data file lists them."""
    return tuple(
        ServicePoint(
            key=r["key"], name=r["name"], regions=tuple(r.get("regions") or ()), role=r.get("role") or "",
            phone=str(r["phone"]) if r.get("phone") else None, ext=str(r["ext"]) if r.get("ext") else None,
            address=r.get("address"), hours=r.get("hours"), missing=r.get("missing") or "",
            doc=str(r["source"]["doc"]), line_start=int(r["source"]["lines"][0]), line_end=int(r["source"]["lines"][1]),
        )
        for r in _data().get("points") or []
    )


@lru_cache(maxsize=1)
def service_contacts() -> tuple[ServiceContact, ...]:
    """The service's hotlines, in the order the data file lists them."""
    rows = _data()["contacts"]
    return tuple(
        ServiceContact(
            key=r["key"], name=r["name"], role=r["role"], phone=str(r["phone"]), hours=r.get("hours"),
            doc=str(r["source"]["doc"]), line_start=int(r["source"]["lines"][0]), line_end=int(r["source"]["lines"][1]),
        )
        for r in rows
    )
