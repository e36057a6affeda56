"""Which candidate span answers a question: every run of clauses of the best passages,
described by what the retriever knew of its passage (rank, fused score, coverage, whether it
lies in a measure the question names) and what the run states (the question's words by count
and IDF share, next to the value or not, the kinds, unit and year asked for), scored by a
linear model. The model is a conditional logit learned on the tuning sets (`fudao eval
--tune`; never the blind set) and kept as data in `search/data/choice.json`; without it the
hand-weighted score decides, as before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from fudao.search import datafiles
from fudao.search.spans import RunSpan

FEATURES = (
    "hand_score", "passage_score", "inverse_rank", "first_passage", "share", "overlap", "idf_share",
    "near_value_share", "size", "clauses", "values", "starts_on_value", "focus_kind", "other_kind",
    "unit_match", "typed_unmatched", "negated", "year_named", "other_year", "label", "topic",
    "coverage", "in_next_passage", "in_named_measure", "outside_named_measure", "quoted_name",
    "hand_total", "hand_choice", "best_of_passage",
)
L2 = 1.0
# Per character of span, chosen by 5-fold cross-validation on the dev sets: it shortens answers
# without losing right ones (0.05 costs a tenth of the gain for 15 characters less).
LENGTH_PENALTY = 0.02
STEPS = 300
LEARNING_RATE = 0.1
# Evidence whose direction is known: the chooser may weigh it, never turn it around (a span
# lacking the asked-for kind of value, or negating the question's words, never gains by it).
SIGNS = {"focus_kind": 1.0, "unit_match": 1.0, "typed_unmatched": -1.0, "negated": -1.0, "other_year": -1.0, "year_named": 1.0}


@dataclass(frozen=True)
class PassageEvidence:
    """What the retriever and the catalogue say of one candidate passage."""

    rank: int
    relative_score: float
    label_hits: int
    topic_hits: int
    coverage: float
    query_grams: int
    own_clauses: int
    in_named_measure: bool
    names_asked: bool


def features(run: RunSpan, passage: PassageEvidence, has_quoted_name: bool) -> list[float]:
    """The feature vector of one candidate (in the order of FEATURES), but for the last three,
    which `with_hand_choice` fills once every candidate is known."""
    return [
        run.score, passage.relative_score, 1.0 / passage.rank, float(passage.rank == 1),
        run.overlap / max(1, passage.query_grams), run.overlap, run.idf_share, run.near_value_share,
        run.size / 100.0, float(run.end - run.start), float(run.values), float(run.starts_on_value),
        float(run.focus_kind), float(run.other_kind), float(run.unit_match), float(run.typed_unmatched),
        float(run.negated), float(run.year_named), float(run.other_year), float(passage.label_hits),
        float(passage.topic_hits), passage.coverage, float(run.start >= passage.own_clauses),
        float(passage.in_named_measure), float(passage.names_asked and not passage.in_named_measure),
        float(has_quoted_name), 0.0, 0.0, 0.0,
    ]


def with_hand_choice(rows: list[list[float]], hand_totals: list[float], passages: list[int]) -> np.ndarray:
    """The candidates' feature matrix with the hand-weighted choice filled in: each one's total
    hand-weighted score (relative to the best), whether it is the hand-weighted choice, and
    whether it is the best hand-weighted run of its passage."""
    matrix = np.array(rows, dtype=float).reshape(-1, len(FEATURES))
    totals = np.array(hand_totals, dtype=float)
    finite = np.isfinite(totals)
    best = totals[finite].max() if finite.any() else 0.0
    matrix[:, -3] = np.where(finite, totals - best, -100.0)
    if finite.any():
        matrix[int(np.argmax(np.where(finite, totals, -np.inf))), -2] = 1.0
    own = np.array(passages)
    runs_score = matrix[:, FEATURES.index("hand_score")]
    for p in set(passages):
        where = np.flatnonzero(own == p)
        matrix[where[int(np.argmax(runs_score[where]))], -1] = 1.0
    return matrix


@dataclass(frozen=True)
class Chooser:
    """A linear scorer over standardised features, less a penalty per character of the span
    (a shorter answer of two equally likely ones reads better)."""

    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    length_penalty: float = 0.0

    def scores(self, matrix: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """The score of each candidate (a row of `matrix`; `sizes` in characters)."""
        z = (matrix - np.asarray(self.mean)) / np.asarray(self.scale)
        return np.asarray(z @ np.asarray(self.weights) - self.length_penalty * sizes)

    def to_dict(self) -> dict[str, object]:
        """The model as stored: weights by feature name, the standardisation and the penalty."""
        return {
            "features": list(FEATURES), "weights": list(self.weights), "mean": list(self.mean),
            "scale": list(self.scale), "length_penalty": self.length_penalty,
        }


@lru_cache(maxsize=1)
def tuned_chooser() -> Chooser | None:
    """The chooser learned by `fudao eval --tune`, or None (hand-weighted choice) when none is
    stored or it was learned on other features."""
    stored = datafiles.read_json("choice.json")
    if not stored or tuple(stored.get("features", ())) != FEATURES:
        return None
    return Chooser(
        tuple(stored["weights"]), tuple(stored["mean"]), tuple(stored["scale"]), float(stored["length_penalty"])
    )


def fit(groups: Sequence[tuple[np.ndarray, np.ndarray]], *, l2: float = L2, length_penalty: float = 0.0) -> Chooser:
    """Learn a chooser from questions, each a (candidates × FEATURES matrix, which candidates
    answer it) pair: the weights that maximise the log-likelihood of choosing a right candidate
    (conditional logit, L2-regularised, Adam steps)."""
    usable = [(x, y.astype(bool)) for x, y in groups if len(x) and y.any()]
    stacked = np.vstack([x for x, _ in usable])
    mean = stacked.mean(axis=0)
    scale = stacked.std(axis=0) + 1e-9
    z_groups = [((x - mean) / scale, y) for x, y in usable]
    w = np.zeros(stacked.shape[1])
    signs = np.array([SIGNS.get(name, 0.0) for name in FEATURES])
    first = np.zeros_like(w)
    second = np.zeros_like(w)
    for step in range(1, STEPS + 1):
        grad = l2 * w
        for z, y in z_groups:
            s = z @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            right = p * y
            grad = grad - (right / right.sum() - p) @ z
        first = 0.9 * first + 0.1 * grad
        second = 0.999 * second + 0.001 * grad * grad
        w -= LEARNING_RATE * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
        w = np.where(signs * w < 0, 0.0, w)
    return Chooser(tuple(float(v) for v in w), tuple(float(v) for v in mean), tuple(float(v) for v in scale), length_penalty)
