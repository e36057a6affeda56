"""What firms asked, by topic (003: 定期彙總廠商提問): the cases' summaries grouped by the
catalogue's facets and the search's word tokens, exact from the records.

A case's summary, normalised as the search normalises text (width folding, lower case, Arabic
numerals), belongs to every facet whose catalogue words it contains (`catalogue.extract.common`'s
facet words: a question about a loan for export orders counts under 資金 and 市場), or to 其他
when it contains none; an empty summary counts under no topic. Its terms are the search's word
tokens of the summary (`search.analysis`: segmented as the index segments, function words and
numerals left out, words of two characters or more), in the summary's own Traditional
characters; a term counts once per case. The reports read the period's distinct summaries with
their counts in the grouped query that also counts the cases per channel
(`fudao.reports.figures`); each distinct summary is analysed once."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fudao.catalogue.extract.common import FACET_WORDS
from fudao.search import analysis
from fudao.zhtext.normalize import fold_width

OTHER = "其他"
# The topics in the catalogue's facet order, then 其他.
TOPICS: tuple[str, ...] = (*(facet for facet, _ in FACET_WORDS), OTHER)
TOP_TERMS = 10
_NUMERAL = re.compile(r"[\d零〇一二兩三四五六七八九十百千万萬亿億,.%]+")


@dataclass(frozen=True)
class Asked:
    """One summary's topics and terms."""

    topics: tuple[str, ...]
    terms: frozenset[str]


@lru_cache(maxsize=1)
def _facet_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((facet, tuple(analysis.normalize(w) for w in words)) for facet, words in FACET_WORDS)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    from fudao.search.coverage import function_words

    return function_words() | analysis.STOPWORDS


def _terms(norm: str, own_text: str) -> frozenset[str]:
    """The terms of normalised text; each shown as the summary wrote it (`own_text`: the summary
    width-folded and lower-cased) where the normalisation kept one character for one (it may
    reword, 導入 → 匯入, or turn numerals into digits), else as the search normalised it."""
    simplified = analysis.to_simplified(norm)
    shown = own_text if len(own_text) == len(norm) else norm
    if len(simplified) != len(norm):  # not one character for one: segment the Traditional text
        tokens = [(norm[a:b], shown[a:b]) for _, a, b in _tokenize(norm)]
    else:
        tokens = [(simplified[a:b], shown[a:b]) for _, a, b in _tokenize(simplified)]
    skip = _function_words()
    out = set()
    for analysed, own in tokens:
        own = own.strip()
        if len(own) < 2 or analysed in skip or own in skip or _NUMERAL.fullmatch(own):
            continue
        if not re.search(r"[\u3400-\u9fffa-z]", own):
            continue
        out.add(own.upper() if own.isascii() else own)  # AI, ESCO as written in the documents
    return frozenset(out)


def _tokenize(simplified: str) -> list[tuple[str, int, int]]:
    import rjieba

    return list(rjieba.tokenize(simplified, "search"))


@lru_cache(maxsize=20000)
def asked(summary: str) -> Asked:
    """The topics and terms of one case summary (see the module's definition)."""
    norm = analysis.normalize(summary or "").strip()
    if not norm:
        return Asked((), frozenset())
    topics = tuple(facet for facet, words in _facet_words() if any(w in norm for w in words))
    own = fold_width(summary or "").lower().strip()
    return Asked(topics or (OTHER,), _terms(norm, own))


def add(target: dict[str, Any], summary: str, n: int) -> None:
    """Count `n` cases with this summary into a row's values: `_topic_<facet>` per topic and
    `_terms`, a Counter of the terms (each term once per case)."""
    found = asked(summary)
    for topic in found.topics:
        target[f"_topic_{topic}"] = (target.get(f"_topic_{topic}") or 0) + n
    terms: Counter[str] = target.setdefault("_terms", Counter())
    for term in found.terms:
        terms[term] += n


def top_terms(values: dict[str, Any], limit: int = TOP_TERMS) -> list[dict[str, Any]]:
    """The most asked terms of a row: [{"term", "cases"}], most cases first, then by the term."""
    counts: Counter[str] = values.get("_terms") or Counter()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"term": term, "cases": n} for term, n in ranked[:limit]]


def terms_text(terms: list[dict[str, Any]]) -> str:
    """The terms as one table cell: `關稅 3、美國 2`."""
    return "、".join(f"{t['term']} {t['cases']}" for t in terms)
