"""`screen_file` in process: each measure alone, CSV and Parquet input, answers equal to Python's."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fudao.matching.screen import ScreenError, screen_file
from fudao.rules.decide import decide
from fudao.rules.loader import load_rules
from fudao.rules.random_profiles import SCREENED, random_profile

ON = dt.date(2026, 1, 20)


def _profiles(n: int = 60) -> list[dict]:
    rng = random.Random(5)
    return [random_profile(rng, 0.3) for _ in range(n)]


def _write_csv(path: Path, profiles: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", *SCREENED])
        for i, p in enumerate(profiles):
            cells = ["" if p[k] is None else str(p[k]).lower() if isinstance(p[k], bool) else p[k]
                     for k in SCREENED]
            writer.writerow([f"e{i}", *cells])


def _check(out: Path, profiles: list[dict], measures: list[str]) -> None:
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == len(profiles) * len(measures)
    for row in rows:
        profile = profiles[int(row["enterprise_id"][1:])]
        assert row["row"] == int(row["enterprise_id"][1:]) + 1
        d = decide(load_rules()[row["measure_id"]], profile, on=ON)
        assert (row["status"], row["max_amount_twd"]) == (d.status, d.max_amount_twd), row


@pytest.mark.parametrize("measure", sorted(load_rules()))
def test_each_measure_alone_from_csv(tmp_path: Path, measure: str) -> None:
    profiles = _profiles()
    _write_csv(tmp_path / "e.csv", profiles)
    report = screen_file(tmp_path / "e.csv", tmp_path / "o.parquet", measure=measure, on=ON)
    assert report.errors == 0 and report.measures == [measure]
    _check(tmp_path / "o.parquet", profiles, [measure])


def test_all_measures_from_typed_parquet(tmp_path: Path) -> None:
    profiles = _profiles(120)
    table = pa.Table.from_pylist([{"id": f"e{i}", **p} for i, p in enumerate(profiles)])
    pq.write_table(table, tmp_path / "e.parquet")
    report = screen_file(tmp_path / "e.parquet", tmp_path / "o.parquet", on=ON)
    assert report.screened == 120
    _check(tmp_path / "o.parquet", profiles, [k for k, r in load_rules().items() if not r.informational])


def test_missing_input_file(tmp_path: Path) -> None:
    with pytest.raises(ScreenError, match="找不到企業資料檔"):
        screen_file(tmp_path / "none.csv", tmp_path / "o.csv")
