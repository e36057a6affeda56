"""The adaptive eligibility check: which questions a step asks, and a simulator to count them.

A fact is worth asking only while some measure's decision is still open (unknown) and that
fact is among the ones it misses. One step asks several questions at once; a question is added
to a step only when the open measures it concerns are not concerned by another question of the
same step, so that no answer in a step can make another question of it moot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from fudao.rules.decide import decide
from fudao.rules.profile import FACTS, INPUT_FACTS
from fudao.rules.selectors import published_rules

STEP_SIZE = 4
Chooser = Callable[[dict[str, Any], list[str]], list[str]]


def closed_measures(on: dt.date) -> set[str]:
    """Measures that accept no application on `on`: a rule whose validity ended, or a catalogue
    measure whose window closed (their decision helps no one, so nothing is asked for them)."""
    from fudao.matching.services import published_measures

    closed = {r.measure_id for r in published_rules().values() if r.valid_to and on > r.valid_to}
    closed |= {m["id"] for m in published_measures() or [] if m.get("window_state") == "closed"}
    return closed


def open_needs(answers: dict[str, Any], skipped: Iterable[str] = (), *,
               on: dt.date | None = None, closed: set[str] | None = None) -> dict[str, set[str]]:
    """Each fact still worth asking → the open measures (rule ids) whose decision it may change."""
    on = on or dt.date.today()
    closed = closed_measures(on) if closed is None else closed
    asked = set(skipped) | set(answers)
    needs: dict[str, set[str]] = {}
    for rule in published_rules().values():
        if rule.measure_id in closed:
            continue
        d = decide(rule, answers, on=on)
        if d.status != "unknown":
            continue
        for fact in d.missing_facts:
            if fact not in asked and fact in FACTS and not FACTS[fact].derived:
                needs.setdefault(fact, set()).add(rule.measure_id)
    return needs


def _weights(needs: dict[str, set[str]]) -> dict[str, int]:
    """A fact's weight: over the open measures it concerns, how many questions each still has
    (a fact that can settle a measure with many other open questions spares the most)."""
    per_measure: dict[str, int] = {}
    for measures in needs.values():
        for m in measures:
            per_measure[m] = per_measure.get(m, 0) + 1
    return {f: sum(per_measure[m] for m in ms) for f, ms in needs.items()}


def next_step(answers: dict[str, Any], skipped: Iterable[str] = (), *, size: int = STEP_SIZE,
              on: dt.date | None = None, closed: set[str] | None = None) -> list[str]:
    """The questions of the next step, most decisive first, concerning disjoint open measures."""
    needs = open_needs(answers, skipped, on=on, closed=closed)
    order = {k: i for i, k in enumerate(INPUT_FACTS)}
    weight = _weights(needs)
    ranked = sorted(needs, key=lambda f: (-weight[f], -len(needs[f]), order.get(f, 99)))
    step: list[str] = []
    covered: set[str] = set()
    for fact in ranked:
        if len(step) == size:
            break
        if not needs[fact] & covered:
            step.append(fact)
            covered |= needs[fact]
    return step


def simulate(profile: dict[str, Any], chooser: Chooser, *, on: dt.date | None = None,
             max_steps: int = 100) -> tuple[dict[str, Any], int]:
    """Run the check on a firm whose true facts are `profile` (a fact it lacks is 「不知道」):
    the answers it ends with and the number of questions asked."""
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    asked = 0
    for _ in range(max_steps):
        step = [k for k in chooser(answers, skipped) if k not in answers and k not in skipped]
        if not step:
            break
        for key in step:
            asked += 1
            if profile.get(key) is None:
                skipped.append(key)
            else:
                answers[key] = profile[key]
    return answers, asked


def decisions(answers: dict[str, Any], *, on: dt.date | None = None,
              skip: set[str] = frozenset()) -> dict[str, str]:  # type: ignore[assignment]
    """Every rule's status for these answers (those of `skip` left out)."""
    return {rid: decide(rule, answers, on=on).status for rid, rule in published_rules().items()
            if rid not in skip}
