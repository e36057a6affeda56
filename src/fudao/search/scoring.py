"""The fused score of every passage for a query: fields, year and kind cues, coverage re-rank."""

from __future__ import annotations

import numpy as np

from fudao.search import analysis, coverage, index, ranking
from fudao.search import query as q
from fudao.search.query import QueryError

# How many of the best fused passages the coverage cue re-ranks.
RERANK_DEPTH = 50


def check_doc(doc: str | None, ix: index.SearchIndex) -> str | None:
    """The document filter if it names a live document, else QueryError."""
    if doc is None:
        return None
    stem = doc.strip()
    if stem not in ix.docs:
        raise QueryError(f"找不到文件「{doc}」（可用：{'、'.join(ix.docs) or '無'}）")
    return stem


def scored(query: str, doc: str | None = None, weights: ranking.Weights | None = None) -> tuple[index.SearchIndex, np.ndarray]:
    """The index and the fused score of every passage for a checked query."""
    ix = index.get_index()
    stem = check_doc(doc, ix)
    expanded = q.expand(query)
    norm = analysis.normalize(q.retrieval_query(query, expanded))
    fields = ix.field_scores(norm)
    years = ranking.year_cue(ix, index.years_in(expanded))
    kinds = ranking.kind_cue(ix, q.wanted_kinds(expanded))
    w = weights or ranking.tuned_weights()
    scores = ranking.fuse(ix, fields, years, kinds, w)
    if w.coverage:
        scores = scores + w.coverage * coverage.coverage_cue(ix, coverage.terms_of(query), scores, RERANK_DEPTH)
    if stem is not None:
        scores = np.where([r.doc == stem for r in ix.records], scores, -np.inf)
    return ix, scores
