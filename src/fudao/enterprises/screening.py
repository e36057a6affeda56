"""`fudao screen --from-store`: the enterprises of the store screened by the database itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fudao.matching.screen import ScreenReport
from fudao.matching.store import screen_store


def screen_enterprises(out: Path, *, measure: str | None = None,
                       on: dt.date | None = None) -> ScreenReport:
    """Screen every enterprise in the store; one row per enterprise × measure in `out`."""
    from fudao.enterprises.models import Enterprise

    return screen_store(out, table=Enterprise._meta.db_table, measure=measure, on=on)
