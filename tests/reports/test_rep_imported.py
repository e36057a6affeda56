"""The figures of an imported year equal what its records say, counted from the file itself:
the demo year at a small scale goes through `fudao import`'s path (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fudao.accounts.services import add_team
from fudao.importing import import_file
from fudao.reports.demo import TEAMS, write
from fudao.reports.figures import kpi
from fudao.reports.periods import year_period

pytestmark = [pytest.mark.store, pytest.mark.django_db(transaction=True)]


def expected(records: list[dict]) -> dict[str, int]:
    """The figures as the records state them."""
    cases = [r for r in records if r["type"] == "case"]
    acts = [r for r in records if r["type"] == "activity"]
    events = {r["event_id"] for r in records if r["type"] == "event"}
    return {
        "cases": len(cases),
        "enterprise_visits": sum(a["activity"] == "visit" for a in acts),
        "financing_cases": sum(c["kind"] == "financing" for c in cases),
        "debt_cases": sum(c["kind"] == "debt" for c in cases),
        "consultation_day_cases": sum(c["kind"] == "consultation_day" for c in cases),
        "financing_amount_twd": sum(a["amount_twd"] for a in acts if a["activity"] == "financing_outcome"),
        "debt_extended_twd": sum(a["amount_twd"] for a in acts if a["activity"] == "debt_outcome"),
        "events": len(events),
        "attendances": sum(bool(r.get("attended")) for r in records if r["type"] == "registration"),
    }


def test_imported_demo_year_reports_what_its_records_say(tmp_path: Path) -> None:
    path = tmp_path / "demo.jsonl"
    write(path, 112, scale=0.02, seed=7)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for slug, (name, counties) in TEAMS.items():
        add_team(slug=slug, name=name, counties=counties)
    report = import_file(path, None)
    assert report["errors"] == []
    total = kpi(year_period(112))["total"]
    want = expected(records)
    assert {k: total[k] for k in want} == want
    assert sum(total["cases_by_channel"].values()) == want["cases"]
    by_team = kpi(year_period(112), by="team")["rows"]
    assert sum(r["cases"] for r in by_team) == want["cases"]
    assert kpi(year_period(111))["total"]["cases"] == 0
