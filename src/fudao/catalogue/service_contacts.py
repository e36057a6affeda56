"""The service's own hotlines as data (`data/service_contacts.yaml`): the way on that a page
offers when no document answers a question, each line cited to the document that states it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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


@lru_cache(maxsize=1)
def service_contacts() -> tuple[ServiceContact, ...]:
    """The service's hotlines, in the order the data file lists them."""
    text = resources.files("fudao.catalogue").joinpath("data/service_contacts.yaml").read_text("utf-8")
    rows = yaml.safe_load(text)["contacts"]
    return tuple(
        ServiceContact(
            key=r["key"], name=r["name"], role=r["role"], phone=str(r["phone"]), hours=r.get("hours"),
            doc=str(r["source"]["doc"]), line_start=int(r["source"]["lines"][0]), line_end=int(r["source"]["lines"][1]),
        )
        for r in rows
    )
