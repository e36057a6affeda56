"""A store made before measures kept their place in a list gets it from the migration that adds
the field, read from the current document version (nothing else about the measure changes)."""

from __future__ import annotations

import json

import pytest

from browserkit import fudao, python_in_store, store_env

pytestmark = pytest.mark.slow

STEP_BACK_AND_FORTH = """
import json
from django.core.management import call_command
from django.db import connection
from fudao.catalogue.models import Measure
before = {m.pk: (m.name, m.facet, m.contacts) for m in Measure.objects.all()}
call_command("migrate", "catalogue", "0002", verbosity=0)
with connection.cursor() as cur:
    cur.execute("SELECT COUNT(*) FROM catalogue_measure")
    kept = cur.fetchone()[0]
call_command("migrate", "catalogue", verbosity=0)
m = Measure.objects.get(pk="m-2a98a94c")
print(json.dumps({"kept": kept, "listing": m.listing, "source": m.sources["listing"],
                  "listed": Measure.objects.exclude(listing=None).count(),
                  "unchanged": before == {m.pk: (m.name, m.facet, m.contacts) for m in Measure.objects.all()}}))
"""


def test_the_migration_fills_the_listing_of_an_older_store(corpus_dir, tmp_path) -> None:
    env = store_env(tmp_path)
    fudao(env, "ingest", str(next(corpus_dir.glob("003_*.txt"))), "--publish", "--json")
    out = json.loads(python_in_store(env, STEP_BACK_AND_FORTH).strip().splitlines()[-1])
    assert out["kept"] == 24 and out["unchanged"]
    assert out["listing"] == {"label": "措施10", "group": "租稅優惠"}
    assert (out["source"]["line_start"], out["source"]["heading_line"]) == (199, 195)
    assert out["listed"] == 16
