"""Twenty registrations at the same instant for a ten-seat event: exactly ten seats are given,
the other ten are waitlisted 1..10, never an oversold seat (DESIGN "Events", issue 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from concurrent_register import fire
from django.db import connection
from eventhelpers import make_event

from fudao.events.models import Registration

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"


@pytest.mark.store
@pytest.mark.django_db(transaction=True)
def test_twenty_threads_ten_seats_on_the_test_store():
    """On PostgreSQL: 20 threads, 20 connections, the event row locked by select_for_update."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test store is one connection; see the file-store test")
    make_event("crowd", capacity=10)
    errors = fire("crowd", 20)
    assert errors == []
    rows = Registration.objects.filter(event__event_id="crowd")
    assert rows.filter(status="registered").count() == 10
    assert sorted(rows.filter(status="waitlisted").values_list("position", flat=True)) == list(range(1, 11))


@pytest.mark.slow
def test_twenty_threads_ten_seats_on_a_sqlite_file(tmp_path):
    """On a SQLite file store: IMMEDIATE transactions serialise the 20 writers."""
    env = {**os.environ, "FUDAO_DB": f"sqlite:///{tmp_path / 'store.sqlite3'}",
           "FUDAO_DATA_DIR": str(tmp_path), "PYTHONPATH": os.pathsep.join([str(SRC), str(HERE)])}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, str(HERE / "concurrent_register.py"), "20", "10"], env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["statuses"] == {"registered": 10, "waitlisted": 10}
    assert result["positions"] == list(range(1, 11))
