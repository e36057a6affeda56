"""The adaptive check: a question no open measure depends on is never asked, decisions unchanged."""

from __future__ import annotations

import datetime as dt
import random

from fudao.matching.adaptive import decisions, next_step, open_needs, simulate
from fudao.matching.services import next_questions
from fudao.rules.decide import decide
from fudao.rules.loader import load_rules
from fudao.rules.random_profiles import random_profile

ON = dt.date(2026, 1, 20)


def _profiles(n: int) -> list[dict]:
    rng = random.Random(11)
    return [{k: v for k, v in random_profile(rng, 0.3).items() if v is not None} for _ in range(n)]


def test_every_question_concerns_an_open_measure_and_a_step_no_measure_twice() -> None:
    for profile in _profiles(15):
        partial = dict(list(profile.items())[:4])
        step = next_step(partial, on=ON, closed=set())
        needs = open_needs(partial, on=ON, closed=set())
        for fact in step:
            open_ids = {rid for rid, r in load_rules().items()
                        if (d := decide(r, partial, on=ON)).status == "unknown" and fact in d.missing_facts}
            assert open_ids and needs[fact] == open_ids
        concerned = [m for fact in step for m in needs[fact]]
        assert len(concerned) == len(set(concerned)), "no answer of a step makes another moot"


def test_nothing_is_asked_for_a_closed_measure() -> None:
    needing = {rid for rid, r in load_rules().items() if "science_park_firm" in r.condition.facts_read()}
    assert needing
    answers, _ = simulate({"org_type": "company"}, lambda a, s: next_step(a, s, on=ON, closed=needing), on=ON)
    asked_open = open_needs({}, on=ON, closed=needing)
    assert "science_park_firm" not in asked_open and "science_park_firm" not in answers


def test_fewer_or_as_many_questions_and_no_decision_changed() -> None:
    def before(a: dict, s: list[str]) -> list[str]:
        return [k for k in next_questions(a, on=ON) if k not in a and k not in s][:4]

    total = {"before": 0, "after": 0}
    for profile in _profiles(12):
        ends = {}
        for name, chooser in (("before", before), ("after", lambda a, s: next_step(a, s, on=ON, closed=set()))):
            answers, asked = simulate(profile, chooser, on=ON)
            total[name] += asked
            ends[name] = decisions(answers, on=ON)
        assert ends["before"] == ends["after"] == decisions(profile, on=ON)
    assert total["after"] <= total["before"]
