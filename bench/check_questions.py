"""How many questions the eligibility check asks, before and after the adaptive step choice.

Scenarios: every profile of the rules' YAML test cases (a fact a case leaves out is answered
「不知道」) and N random profiles (seeded). "Before" is the check as it was: each step the first
four facts of `next_questions`; "after" is `adaptive.next_step` (disjoint open measures per
step, nothing asked for a measure that accepts no application: a rule whose validity ended or a
catalogue window that closed). Both run until no open measure misses a fact; the decisions they
end with must agree on every measure still accepting applications.

Usage: .venv/bin/python bench/check_questions.py [--random 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path
from typing import Any

import django
import yaml

ON = dt.date(2026, 1, 20)
CLOSED: set[str] = set()


def scenarios(n_random: int) -> list[dict[str, Any]]:
    """The test-case profiles of every rule, then `n_random` random profiles."""
    from fudao.rules.loader import DATA_DIR
    from fudao.rules.random_profiles import random_profile

    out = []
    for path in sorted(DATA_DIR.glob("*.tests.yaml")):
        out += [c["profile"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    rng = random.Random(28)
    out += [{k: v for k, v in random_profile(rng, 0.3).items() if v is not None} for _ in range(n_random)]
    return out


def before(answers: dict[str, Any], skipped: list[str]) -> list[str]:
    """The earlier check: the four most decisive facts not yet answered nor skipped."""
    from fudao.matching.services import next_questions

    return [k for k in next_questions(answers, on=ON) if k not in answers and k not in skipped][:4]


def after(answers: dict[str, Any], skipped: list[str]) -> list[str]:
    from fudao.matching.adaptive import next_step

    return next_step(answers, skipped, on=ON, closed=CLOSED)


def compare(profiles: list[dict[str, Any]]) -> dict[str, Any]:
    """Questions asked by each chooser, and the scenarios whose decisions differ (0 is the goal)."""
    from fudao.matching.adaptive import decisions, simulate

    asked = {"before": 0, "after": 0}
    changed = 0
    for profile in profiles:
        got = {}
        for name, chooser in (("before", before), ("after", after)):
            answers, n = simulate(profile, chooser, on=ON)
            asked[name] += n
            got[name] = decisions(answers, on=ON, skip=CLOSED)
        changed += got["before"] != got["after"]
    return {"scenarios": len(profiles), **asked, "decisions_changed": changed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--random", type=int, default=300)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fudao.settings")
    django.setup()
    from fudao.matching.adaptive import closed_measures

    CLOSED.update(closed_measures(ON))
    everything = scenarios(args.random)
    cases = everything[: len(everything) - args.random]
    for title, group in (("rule test cases", cases), (f"{args.random} random profiles", everything[len(cases):])):
        r = compare(group)
        print(f"{title}: {r['scenarios']} scenarios, questions asked {r['before']:,} before → "
              f"{r['after']:,} after ({r['after'] / max(r['before'], 1):.0%}), "
              f"{r['before'] / r['scenarios']:.1f} → {r['after'] / r['scenarios']:.1f} per scenario, "
              f"decisions changed: {r['decisions_changed']}")


if __name__ == "__main__":
    main()
