"""The known referral targets beside the desk's teams: the programme service teams and the
agencies of `cases/data/agencies.yaml`. Below `referrals` (which resolves a target) and
`history` (which names one), so that neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).with_name("data") / "agencies.yaml"


@dataclass(frozen=True)
class Target:
    """Where a case is referred: a desk team, a programme service team or an agency."""

    kind: str  # team · service_team · agency
    key: str
    name: str


@lru_cache(maxsize=1)
def known_targets() -> dict[str, Target]:
    """The service teams and agencies of the data file, by key."""
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    out: dict[str, Target] = {}
    for section, kind in (("service_teams", "service_team"), ("agencies", "agency")):
        for key, name in (raw.get(section) or {}).items():
            out[str(key)] = Target(kind, str(key), str(name))
    return out


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """The documents' other names for a known target (工業局 → ida), name → key."""
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (raw.get("aliases") or {}).items()}
