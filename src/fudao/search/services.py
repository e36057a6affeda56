"""The search API the CLI and the web share: `search(query, k, doc)` and `ask(question)`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from fudao.search import analysis, coverage, index, ranking
from fudao.search import query as q
from fudao.search.query import QueryError

# How many of the best fused passages the coverage cue re-ranks.
RERANK_DEPTH = 50

__all__ = ["Answer", "Citation", "Hit", "QueryError", "SearchResult", "ask", "search"]


@dataclass
class Hit:
    """One ranked passage, cited by document stem and original line range."""

    doc: str
    section: str
    line_start: int
    line_end: int
    text: str
    score: float


@dataclass
class SearchResult:
    """The ranked passages of one query."""

    hits: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN JSON: {"hits": [{doc, section, line_start, line_end, text, score}]}."""
        return {"hits": [asdict(h) for h in self.hits]}


@dataclass
class Citation:
    """Where an answer comes from: document, original lines and the quoted text."""

    doc: str
    line_start: int
    line_end: int
    quote: str


@dataclass
class Answer:
    """A short answer with its citations and the measures the question names."""

    answer: str
    citations: list[Citation] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN JSON: {"answer", "citations": [{doc, line_start, line_end, quote}], "measures"}."""
        return {"answer": self.answer, "citations": [asdict(c) for c in self.citations], "measures": self.measures}


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


def search(query: str, k: int = 10, doc: str | None = None) -> SearchResult:
    """The k best passages for a query (optionally within one document); QueryError on bad input."""
    text = q.check_query(query)
    k = q.check_k(k)
    ix, scores = scored(text, doc)
    if not ix.records:
        return SearchResult()
    k = min(k, len(ix.records))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    hits = [
        Hit(r.doc, r.section, r.line_start, r.line_end, r.text, round(float(scores[i]), 4))
        for i in top
        if np.isfinite(scores[i]) and scores[i] > 0
        for r in [ix.records[i]]
    ]
    return SearchResult(hits)


def ask(question: str) -> Answer:
    """A short cited answer to a question, or a plain statement that the documents lack one."""
    from fudao.search.answer import answer_question

    return answer_question(question)
