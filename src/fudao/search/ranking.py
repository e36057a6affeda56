"""Fusion of the BM25 fields into one score: max-normalised field scores, weighted; a cue for
passages stating the kind of value the question asks for; a cue for the document whose years
the query names; and a share of the best neighbour's score (headings and bodies are often
separate passages). Weights are tuned on the dev set (`fudao.search.evaluation.tune`) and
kept as data in `search/data/ranking.json`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np

from fudao.search import datafiles
from fudao.search.index import SearchIndex


@dataclass(frozen=True)
class Weights:
    """How much each field and cue counts in the fused score."""

    words: float = 1.0
    bigrams: float = 1.0
    titles: float = 0.3
    year: float = 0.2
    kind: float = 0.0
    neighbour: float = 0.0
    coverage: float = 0.0

    def to_dict(self) -> dict[str, float]:
        """The weights as a plain dict."""
        return asdict(self)


@lru_cache(maxsize=1)
def tuned_weights() -> Weights:
    """The weights chosen on the dev set, or the defaults when no tuning is stored."""
    stored = datafiles.read_json("ranking.json")
    return Weights(**stored) if stored else Weights()


def year_cue(index: SearchIndex, years: list[int]) -> np.ndarray:
    """Per passage, how strongly its document is about the years the query names (0..1)."""
    if not years or not index.docs:
        return np.zeros(len(index.records), dtype=np.float32)
    per_doc = np.array(
        [sum(index.doc_years.get(d, {}).get(y, 0.0) for y in years) for d in index.docs], dtype=np.float32
    )
    top = float(per_doc.max())
    if top <= 0:
        return np.zeros(len(index.records), dtype=np.float32)
    return np.asarray(per_doc[index.doc_of] / top, dtype=np.float32)


def kind_cue(index: SearchIndex, kinds: list[str]) -> np.ndarray:
    """1 for passages stating a value of a kind the question asks for, else 0."""
    cue = np.zeros(len(index.records), dtype=np.float32)
    for kind in kinds:
        mask = index.kind_masks.get(kind)
        if mask is not None:
            cue = np.maximum(cue, mask)
    return cue


def neighbour_max(index: SearchIndex, scores: np.ndarray) -> np.ndarray:
    """Per passage, the higher score of its previous and next passage in the same document."""
    out = np.zeros_like(scores)
    if scores.size < 2:
        return out
    same = index.same_doc_as_next
    out[1:] = np.where(same, scores[:-1], 0.0)
    out[:-1] = np.maximum(out[:-1], np.where(same, scores[1:], 0.0))
    return out


def fuse(
    index: SearchIndex, fields: dict[str, np.ndarray], years: np.ndarray, kinds: np.ndarray, w: Weights
) -> np.ndarray:
    """The fused score of every passage."""
    total: np.ndarray = np.zeros(len(index.records), dtype=np.float32)
    for name, scores in fields.items():
        top = float(scores.max()) if scores.size else 0.0
        if top > 0:
            total = total + getattr(w, name) * (scores / top)
    if w.neighbour:
        total = total + w.neighbour * neighbour_max(index, total)
    return total + w.year * years + w.kind * kinds
