"""The search API the CLI and the web share: `search(query, k, doc)` and `ask(question)`."""

from __future__ import annotations

import numpy as np

from fudao.search import query as q
from fudao.search.answer import answer_question
from fudao.search.query import QueryError
from fudao.search.scoring import check_doc, scored
from fudao.search.types import Answer, Citation, Hit, SearchResult

__all__ = ["Answer", "Citation", "Hit", "QueryError", "SearchResult", "ask", "check_doc", "scored", "search"]


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
    return answer_question(question)
