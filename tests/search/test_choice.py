"""The answer chooser: learned from questions, stored as data, refusing the blind set, and the
question readings it relies on (English counters, "which measures" wording)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fudao.search import choice, evaluation, measures, spans


def synthetic_groups(seed: int, n: int = 60) -> list[tuple[np.ndarray, np.ndarray]]:
    """Questions whose right candidate is the one stating the asked kind (`focus_kind`), while
    the hand score points at a random other one."""
    rng = np.random.default_rng(seed)
    groups = []
    focus = choice.FEATURES.index("focus_kind")
    hand = choice.FEATURES.index("hand_score")
    for _ in range(n):
        x = rng.normal(size=(12, len(choice.FEATURES)))
        x[:, focus] = 0.0
        right = int(rng.integers(12))
        x[right, focus] = 1.0
        x[(right + 1) % 12, hand] = 5.0
        y = np.zeros(12, dtype=bool)
        y[right] = True
        groups.append((x, y))
    return groups


def test_a_chooser_learns_which_evidence_picks_the_right_span() -> None:
    chooser = choice.fit(synthetic_groups(0))
    held_out = synthetic_groups(1)
    picked = [y[int(np.argmax(chooser.scores(x, np.zeros(len(x)))))] for x, y in held_out]
    assert sum(picked) == len(held_out)
    assert chooser.weights[choice.FEATURES.index("focus_kind")] > 0


def test_known_directions_are_never_turned_around() -> None:
    groups = synthetic_groups(2)
    unmatched = choice.FEATURES.index("typed_unmatched")
    for x, y in groups:  # in these questions the right span also lacks the asked kind
        x[:, unmatched] = 0.0
        x[y, unmatched] = 1.0
    chooser = choice.fit(groups)
    assert chooser.weights[unmatched] <= 0.0


def test_the_stored_chooser_is_used_only_for_its_own_features(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = choice.fit(synthetic_groups(3)).to_dict()
    monkeypatch.setattr(choice.datafiles, "read_json", lambda name: stored)
    choice.tuned_chooser.cache_clear()
    try:
        assert choice.tuned_chooser() is not None
        monkeypatch.setattr(choice.datafiles, "read_json", lambda name: {**stored, "features": ["hand_score"]})
        choice.tuned_chooser.cache_clear()
        assert choice.tuned_chooser() is None
    finally:
        choice.tuned_chooser.cache_clear()


def test_the_package_carries_a_chooser_for_the_current_features() -> None:
    data = json.loads((Path(choice.__file__).parent / "data" / "choice.json").read_text(encoding="utf-8"))
    assert tuple(data["features"]) == choice.FEATURES
    assert len(data["weights"]) == len(choice.FEATURES)


def test_tuning_never_reads_the_blind_set() -> None:
    with pytest.raises(ValueError, match="盲測集"):
        evaluation.load_tuning([evaluation.BLIND_SET])
    assert evaluation.BLIND_SET not in evaluation.TUNING_SETS


@pytest.mark.parametrize(("question", "unit"), [
    ("How many Taiwanese companies were matched with buyers?", "家"),
    ("How many electric vehicle models passed the tests?", "款"),
    ("How many patent applications were filed?", "件"),
    ("How many policy sessions were held?", "場"),
    ("How many of the firms got a loan?", "家"),
    ("How much money was granted?", None),
])
def test_an_english_count_asks_in_the_documents_counter(question: str, unit: str | None) -> None:
    assert spans.asked_unit(question.lower()) == unit


@pytest.mark.parametrize(("question", "asks"), [
    ("受美國關稅影響的中小企業可以申請什麼貸款？", True),
    ("我們是中堅企業，有什麼專屬方案可以申請？", True),
    ("財務出問題可以用什麼顧問服務？", True),
    ("申請補助要準備什麼文件？", False),
    ("什麼條件才能申請補助？", False),
    ("什麼時候可以申請貸款？", False),
    ("哪些國家來臺投資最多？", False),
])
def test_which_measures_wording(question: str, asks: bool) -> None:
    assert measures.asks_measures(question) is asks
