"""The compiled SQL gives the same answer as the Python evaluator (status and amount)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import duckdb
import pyarrow as pa
import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st

from fudao.matching.screen import screen_rows
from fudao.rules.decide import decide
from fudao.rules.loader import load_rules
from fudao.rules.random_profiles import SCREENED, random_profile

ON = dt.date(2026, 1, 20)
_CON = duckdb.connect()
TYPES = {"int": pa.int64(), "number": pa.float64(), "bool": pa.bool_(), "enum": pa.string()}


def to_table(profiles: list[dict[str, Any]]) -> pa.Table:
    """Profiles as an Arrow table with one typed column per screened fact, plus `id`."""
    from fudao.rules.profile import FACTS

    columns = {"id": pa.array([str(i) for i in range(len(profiles))])}
    for key in SCREENED:
        columns[key] = pa.array([p.get(key) for p in profiles], type=TYPES[FACTS[key].type])
    return pa.table(columns)


def disagreements(profiles: list[dict[str, Any]], on: dt.date = ON) -> list[tuple[Any, ...]]:
    """(row, measure, python answer, SQL answer) wherever the two differ."""
    rules = list(load_rules().values())
    con = _CON
    con.register("input_profiles", to_table(profiles))
    rows = screen_rows(con, "input_profiles", rules, on)
    assert len(rows) == len(profiles) * len(rules)
    bad = []
    for row in rows:
        profile = profiles[int(row["enterprise_id"])]
        d = decide(load_rules()[row["measure_id"]], profile, on=on)
        if (d.status, d.max_amount_twd) != (row["status"], row["max_amount_twd"]):
            bad.append((row["enterprise_id"], row["measure_id"], (d.status, d.max_amount_twd),
                        (row["status"], row["max_amount_twd"])))
    return bad


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), unknown=st.sampled_from([0.0, 0.2, 0.5, 0.9]))
def test_sql_agrees_with_python(seed: int, unknown: float) -> None:
    rng = random.Random(seed)
    profiles = [random_profile(rng, unknown) for _ in range(5)]
    assert disagreements(profiles) == []


def test_all_unknown_and_all_known_extremes() -> None:
    rng = random.Random(7)
    profiles = [{k: None for k in SCREENED}] + [random_profile(rng, 0.0) for _ in range(200)]
    assert disagreements(profiles) == []


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "sqlite", "spark"])
def test_sql_renders_per_dialect(dialect: str) -> None:
    from fudao.matching.screen import screen_sql

    sql = screen_sql(list(load_rules().values()), ON, dialect=dialect)
    assert sqlglot.parse_one(sql, read=dialect) is not None
    assert sql.count("UNION ALL") == len(load_rules()) - 1

