"""`ask`: a short answer from the best passages, cited by document and original lines; a plain
refusal when no passage matches enough of the question. The one upward call of the search
layer lives here: measures named in the question come from the catalogue (imported lazily)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from fudao.search import analysis, spans
from fudao.search import query as q
from fudao.search.index import Record, SearchIndex
from fudao.search.services import Answer, Citation, scored

NOT_FOUND = "文件中找不到這個問題的答案"
TOP_PASSAGES = 5
PASSAGE_WEIGHT = 50.0
WITH_NEXT = True
DEFAULT_MIN_COVERAGE = 0.3


@lru_cache(maxsize=1)
def min_coverage() -> float:
    """The IDF-weighted share of the question's words the best passages must contain
    (calibrated on the dev set by `fudao eval --tune`)."""
    try:
        raw = resources.files("fudao.search").joinpath("data/answer.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return DEFAULT_MIN_COVERAGE
    return float(json.loads(raw)["min_coverage"])


def question_words(question: str) -> set[str]:
    """The words that say what a question is about: its own word tokens, or, for an English
    question, the tokens of its glossary terms plus its English words the glossary lacks."""
    own = analysis.words(analysis.normalize(question))
    if any(not w.isascii() for w in own):
        return set(own)
    known = set(q.glossary())
    unknown = {w for w in own if w not in known and w.rstrip("s") not in known}
    return set(analysis.words(analysis.normalize(" ".join(q.english_terms(question))))) | unknown


def coverage(words: set[str], passage: Record, ix: SearchIndex) -> float:
    """IDF-weighted share of the question's words that a passage (with its section path) contains."""
    if not words:
        return 0.0
    present = set(analysis.words(analysis.normalize(passage.section + "\n" + passage.text)))
    total = sum(ix.word_idf(w) for w in words)
    return sum(ix.word_idf(w) for w in words & present) / total if total else 0.0


def original_lines(doc: str) -> list[str]:
    """The original lines of a document's current version."""
    from fudao.documents.models import DocumentVersion

    version = DocumentVersion.objects.get(document__stem=doc, is_current=True)
    return version.original_text.splitlines()


def cite(record: Record, quote: str) -> Citation:
    """A citation of a span of a passage, narrowed to the original lines it came from."""
    lines = original_lines(record.doc)[record.line_start - 1 : record.line_end]
    where = spans.locate_lines(quote, lines, record.line_start)
    start, end = where or (record.line_start, record.line_end)
    return Citation(record.doc, start, end, quote)


def named_measures(question: str) -> list[dict[str, Any]]:
    """Catalogue measures the question names; empty while the catalogue is unavailable."""
    from django.db import DatabaseError

    try:
        from fudao.catalogue.services import measures_named_in
    except ImportError:
        return []
    try:
        return list(measures_named_in(question))
    except DatabaseError:
        return []


def with_next(ix: SearchIndex, i: int) -> Record:
    """A passage joined with the next passage of the same document (bodies often follow their
    heading in a passage of their own)."""
    record = ix.records[i]
    if i + 1 >= len(ix.records) or not ix.same_doc_as_next[i]:
        return record
    nxt = ix.records[i + 1]
    return Record(record.doc, record.section, record.line_start, nxt.line_end, f"{record.text}\n{nxt.text}", record.kinds)


def answer_question(question: str, *, threshold: float | None = None) -> Answer:
    """Answer a question from the documents with citations, or decline plainly when the best
    passages cover less of the question than `threshold` (default: the calibrated value)."""
    text = q.check_query(question)
    ix, scores = scored(text)
    if not ix.records:
        return Answer(NOT_FOUND)
    order = [int(i) for i in np.argsort(-scores, kind="stable")[:TOP_PASSAGES] if scores[i] > 0]
    words = question_words(text)
    floor = min_coverage() if threshold is None else threshold
    if max((coverage(words, ix.records[i], ix) for i in order), default=0.0) < floor:
        return Answer(NOT_FOUND, measures=named_measures(text))
    expanded = q.expand(text)
    kinds = q.wanted_kinds(expanded) or (["number"] if q.asks_number(text) else [])
    ask_grams = set(analysis.bigrams(analysis.normalize(expanded)))
    unit = spans.asked_unit(analysis.normalize(text))
    chosen: tuple[float, Record, str] | None = None
    top = float(scores[order[0]])
    for i in order:
        record = with_next(ix, i) if WITH_NEXT else ix.records[i]
        topic = set(analysis.bigrams(analysis.normalize(record.section)))
        span = spans.best_span(record.text, ask_grams - topic, kinds, unit)
        if span is not None:
            score = span.score + PASSAGE_WEIGHT * float(scores[i]) / top
            if chosen is None or score > chosen[0]:
                chosen = (score, record, span.text)
    if chosen is None:
        record = ix.records[order[0]]
        chosen = (0.0, record, record.text[: spans.MAX_SPAN_CHARS])
    _, record, quote = chosen
    return Answer(quote, [cite(record, quote)], named_measures(text))
