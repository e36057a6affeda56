"""The ministry's agencies and their renames (data: `data/agencies.yaml`), and the other
ministries and agencies that host measures in its documents (勞動部勞動力發展署, 教育部 …).

Every written form (current or former, full or short, with or without its ministry's name
before it, 本部 counting as 經濟部) maps to the agency's current full name, e.g.
工業局 → 經濟部產業發展署, 勞發署 → 勞動部勞動力發展署.
A short form ending in 處 is not matched before 理/置 (技術處理 is not 技術處).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import yaml

from fudao.zhtext.normalize import normalize_text

MOEA = "經濟部"
_THIS_MINISTRY = "本部"  # how the ministry's own documents write 經濟部


@dataclass(frozen=True)
class Agency:
    """One agency: its current name, short forms, former names, the day of the change, and
    the ministry it belongs to (its own name for a ministry)."""

    name: str
    short: tuple[str, ...]
    former: tuple[str, ...]
    former_short: tuple[str, ...]
    changed: date | None
    ministry: str = MOEA

    def forms(self) -> list[str]:
        """Every way of writing the agency, the current full name first."""
        out: list[str] = []
        for full in (self.name, *self.former):
            for form in (full, full.removeprefix(self.ministry)):
                if form and form not in out:
                    out.append(form)
        out.extend(f for f in (*self.short, *self.former_short) if f not in out)
        return out


@lru_cache(maxsize=1)
def load_agencies() -> tuple[Agency, ...]:
    """The agency table from `data/agencies.yaml`."""
    text = resources.files("fudao.zhtext").joinpath("data/agencies.yaml").read_text("utf-8")
    rows = yaml.safe_load(text)["agencies"]
    return tuple(
        Agency(
            name=row["name"],
            short=tuple(row.get("short") or ()),
            former=tuple(row.get("former") or ()),
            former_short=tuple(row.get("former_short") or ()),
            changed=row.get("changed"),
            ministry=row.get("ministry") or MOEA,
        )
        for row in rows
    )


@lru_cache(maxsize=1)
def _index() -> dict[str, Agency]:
    return {form: agency for agency in load_agencies() for form in agency.forms()}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    forms = sorted(_index(), key=len, reverse=True)
    parts = [re.escape(f) + ("(?![理置])" if f.endswith("處") else "") for f in forms]
    return re.compile("|".join(parts))


@lru_cache(maxsize=1)
def _prefixes() -> tuple[tuple[str, str], ...]:
    """(written prefix, ministry it stands for): 本部 and every ministry's own name."""
    ministries = sorted({agency.ministry for agency in load_agencies()})
    return ((_THIS_MINISTRY, MOEA), *((m, m) for m in ministries))


def _lookup(name: str) -> Agency | None:
    text = re.sub(r"\s+", "", normalize_text(name))
    agency = _index().get(text)
    for prefix, ministry in _prefixes():
        if agency is not None:
            break
        if text.startswith(prefix):
            found = _index().get(text.removeprefix(prefix))
            agency = found if found is not None and found.ministry == ministry else None
    return agency


def canonical_agency(name: str) -> str:
    """The current full name of the agency `name` writes (`工業局`, `經濟部工業局`, `產發署` →
    `經濟部產業發展署`; `勞發署` → `勞動部勞動力發展署`); an unknown name comes back trimmed
    as given."""
    agency = _lookup(name)
    return agency.name if agency else name.strip()


def agency_variants(name: str) -> list[str]:
    """Every form of the agency `name` writes, current full name first (for query expansion);
    an unknown name gives just itself."""
    agency = _lookup(name)
    return agency.forms() if agency else [name.strip()]


def agencies_in(text: str) -> list[str]:
    """The current full names of the agencies `text` mentions, in order of first mention."""
    out: list[str] = []
    for match in _pattern().finditer(normalize_text(text)):
        name = _index()[match.group()].name
        if name not in out:
            out.append(name)
    return out


def all_names() -> list[str]:
    """Every written form of every agency in the table (for tokeniser dictionaries)."""
    return list(_index())
