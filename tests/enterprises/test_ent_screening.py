"""Screening the enterprises of the store (fudao.enterprises): the database runs the compiled SQL itself."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from fudao.enterprises.models import Enterprise
from fudao.enterprises.screening import screen_enterprises as screen_store
from fudao.rules.decide import decide
from fudao.rules.loader import load_rules
from fudao.rules.random_profiles import random_profile
from fudao.zhtext.ubn import synthetic_ubn

pytestmark = [pytest.mark.store, pytest.mark.django_db]
ON = dt.date(2026, 1, 20)


def test_store_screening_agrees_with_python(tmp_path: Path) -> None:
    rng = random.Random(11)
    profiles = [{**random_profile(rng, 0.3), "ubn": synthetic_ubn(i)} for i in range(150)]
    made = Enterprise.objects.bulk_create(Enterprise(**p) for p in profiles)
    report = screen_store(tmp_path / "out.parquet", on=ON)
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    deciding = [r for r in load_rules().values() if not r.informational]  # informational: asked by name
    assert report.rows_written == len(rows) == len(profiles) * len(deciding)
    by_pk = {e.ubn: p for e, p in zip(made, profiles, strict=True)}
    for row in rows:
        d = decide(load_rules()[row["measure_id"]], by_pk[row["enterprise_id"]], on=ON)
        assert (row["status"], row["max_amount_twd"]) == (d.status, d.max_amount_twd), row


def test_store_screening_one_measure_to_csv(tmp_path: Path) -> None:
    Enterprise.objects.create(ubn="04595257", org_type="company", industry_section="C", employees=9)
    Enterprise.objects.create(ubn=synthetic_ubn(7), org_type="company", industry_section="C", employees=10)
    report = screen_store(tmp_path / "out.csv", measure="small-mfg-upgrade-grant", on=ON)
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert report.by_measure == {"small-mfg-upgrade-grant": {"eligible": 1, "ineligible": 1}}
    assert "04595257" in text and "3000000" in text
