"""Random profiles with unknowns and values at the published thresholds (tests and benchmarks)."""

from __future__ import annotations

import random
from typing import Any

from fudao.rules.profile import FACTS, INPUT_FACTS

# Values at and beside every threshold the rules and derived facts use.
EDGES: dict[str, list[Any]] = {
    "employees": [0, 4, 5, 9, 10, 199, 200, 201, 1000],
    "paid_in_capital_twd": [0, 5_000_000, 99_999_999, 100_000_000, 100_000_001, 3e9],
    "annual_revenue_twd": [0, 1e7, 1e9, 2e10, 2e10 + 1],
    "net_worth_twd": [-1, 0, 1, 5e7],
    "loan_request_twd": [0, 1e6, 1e7, 1.2e7, 4e7],
    "revenue_drop_pct_vs_2024_same_period": [-20, 0, 9.99, 10, 10.01, 55],
    "revenue_drop_pct_vs_2024h2_monthly_avg": [-20, 0, 9.99, 10, 10.01, 55],
    "revenue_drop_pct_vs_2025_janfeb_avg": [-20, 0, 9.99, 10, 10.01, 55],
}
SCREENED = [k for k in INPUT_FACTS if FACTS[k].type in ("int", "number", "bool", "enum")]


def random_value(key: str, rng: random.Random) -> Any:
    """A random valid value of one fact (often a threshold value)."""
    spec = FACTS[key]
    if spec.type == "bool":
        return rng.random() < 0.5
    if spec.type == "enum":
        return rng.choice(spec.choices)[0]
    if rng.random() < 0.7:
        return rng.choice(EDGES[key])
    if spec.type == "int":
        return rng.randint(0, 2000)
    if key == "net_worth_twd":
        return float(rng.randint(-500_000_000, 2_000_000_000))
    if key.startswith("revenue_drop"):
        return round(rng.uniform(-50, 100), 2)
    return float(rng.randint(0, 2_000_000_000))


def random_profile(rng: random.Random, unknown_rate: float = 0.3) -> dict[str, Any]:
    """A profile over the screened facts, each unknown with probability `unknown_rate`."""
    return {k: (None if rng.random() < unknown_rate else random_value(k, rng)) for k in SCREENED}
