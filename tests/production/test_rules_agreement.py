"""Screening SQL and `match`'s evaluator agree on 10,000 random profiles over every rule
(about a minute on two shared cores, hence here, in the second process)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))

from test_rules_sql import disagreements

from fudao.rules.loader import load_rules, rule_files
from fudao.rules.random_profiles import random_profile


def test_ten_thousand_random_profiles_over_every_rule() -> None:
    """Every rule (informational ones included), unknowns at four rates, values at thresholds."""
    assert set(load_rules()) == {p.stem for p in rule_files()}
    rng = random.Random(28)
    profiles = [random_profile(rng, (0.0, 0.2, 0.5, 0.9)[i % 4]) for i in range(10_000)]
    assert disagreements(profiles) == []
