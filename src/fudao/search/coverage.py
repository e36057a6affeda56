"""How much of a question a passage covers: the IDF-weighted share of the question's content
words (function words and numerals left out) that the passage, with its section path, states,
a word also counting when the passage has one of its thesaurus synonyms.

Used twice: as a re-ranking cue over the best passages (coordination: a passage stating every
thing asked beats one repeating a single word) and as `ask`'s refusal test."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from fudao.search import analysis, datafiles
from fudao.search import query as q
from fudao.search.index import SearchIndex

_NUMERAL = re.compile(r"[\d零〇一二兩三四五六七八九十百千万萬亿億,.]+")
# Characters of question phrasing and counters (simplified, as words are analysed): a word
# holding one is a segmentation of the question's wording (`是从`, `几案`), not a subject.
_PHRASING_CHARS = frozenset("几多少哪是要可能会的了吗呢么什怎从到给把被有在和跟向替帮请想打让用拿叫做办收配得过来去就都也还再才又很最次件家项案个")
_corpus_cache: dict[str, str] = {}


@dataclass(frozen=True)
class QuestionTerms:
    """A question's content words and, for the everyday ones, the formal words that stand for them."""

    words: frozenset[str]
    synonyms: dict[str, set[str]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Question words that carry no topic (`几`, `多少`, `what`…), in the analysed (simplified) form."""
    raw = datafiles.read_text("function_words.txt")
    words = [w for line in raw.splitlines() for w in line.split("#")[0].split()]
    return frozenset(analysis.words(analysis.normalize(" ".join(words)))) | frozenset(words)


def question_words(question: str) -> set[str]:
    """The words that say what a question is about: its own word tokens less function words and
    numerals, or, for an English question (more Latin words than Chinese characters), the
    tokens of its glossary terms, its English words the glossary lacks that the documents use,
    and its Chinese words."""
    own = analysis.words(analysis.normalize(question))
    content = {w for w in own if w not in function_words() and not _NUMERAL.fullmatch(w)}
    if not analysis.is_english(question):
        return content
    known = set(q.glossary())
    corpus = _ascii_corpus_words()
    # English words the glossary lacks count only when the documents use them (`ESCO`, `ECFA`):
    # the rest is phrasing (`value`, `received`), not a subject the documents fail to mention.
    unknown = {
        w for w in own
        if w.isascii() and w not in known and w.rstrip("s") not in known and w not in function_words() and (not corpus or w in corpus)
    }
    chinese = {w for w in content if not w.isascii()}
    return set(analysis.words(analysis.normalize(" ".join(q.english_terms(question))))) | unknown | chinese


_ascii_cache: dict[str, frozenset[str]] = {}


def _ascii_corpus_words() -> frozenset[str]:
    """The Latin-letter and digit words of the indexed documents (empty without an index)."""
    from fudao.search.index import get_index

    try:
        ix = get_index()
    except Exception:  # no store (unit tests of the analysis): keep every unknown word
        return frozenset()
    if ix.fingerprint not in _ascii_cache:
        _ascii_cache.clear()
        _ascii_cache[ix.fingerprint] = frozenset(re.findall(r"[a-z0-9][a-z0-9.&\-]*", corpus_simplified(ix)))
    return _ascii_cache[ix.fingerprint]


@lru_cache(maxsize=1)
def _thesaurus_words() -> list[tuple[str, list[str], set[str]]]:
    """Each thesaurus key, normalised, with its own words and the words of its formal terms."""
    out = []
    for key, terms in q.thesaurus().items():
        norm_key = analysis.normalize(key)
        out.append((norm_key, analysis.words(norm_key), set(analysis.words(analysis.normalize(" ".join(terms))))))
    return out


def expansion_words(question: str) -> dict[str, set[str]]:
    """For each question word an everyday-wording entry covers, the words of its formal terms
    (a passage stating 貸款 answers a question saying 借錢)."""
    out: dict[str, set[str]] = {}
    norm_q = analysis.normalize(question)
    for norm_key, key_words, formal in _thesaurus_words():
        if norm_key in norm_q:
            for word in key_words:
                out.setdefault(word, set()).update(formal)
    return out


@lru_cache(maxsize=1024)
def terms_of(question: str) -> QuestionTerms:
    """The content words of a question with their synonyms (cached: ranking and `ask` both
    need them for the same question)."""
    return QuestionTerms(frozenset(question_words(question)), expansion_words(question))


def coverage(terms: QuestionTerms, present: set[str] | frozenset[str], ix: SearchIndex) -> float:
    """IDF-weighted share of the question's words among the `present` words of a passage."""
    return _share(_weights(terms, ix), terms, present)


def _weights(terms: QuestionTerms, ix: SearchIndex) -> dict[str, float]:
    return {w: ix.word_idf(w) for w in terms.words}


def _share(weights: dict[str, float], terms: QuestionTerms, present: set[str] | frozenset[str]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    found = sum(weights[w] for w in terms.words & present)
    found += sum(weights[w] for w, syn in terms.synonyms.items() if w in weights and w not in present and syn & present)
    return found / total


def text_words(section: str, text: str) -> set[str]:
    """The analysed words of a passage with its section path (for passages the index did not analyse)."""
    return set(analysis.words(analysis.normalize(section + "\n" + text)))


def coverage_cue(ix: SearchIndex, terms: QuestionTerms, scores: np.ndarray, depth: int) -> np.ndarray:
    """Coverage of the question by each of the `depth` best-scored passages (0 elsewhere)."""
    cue = np.zeros(len(ix.records), dtype=np.float32)
    if not terms.words or not ix.word_sets:
        return cue
    weights = _weights(terms, ix)
    top = np.argpartition(-scores, min(depth, len(scores)) - 1)[:depth]
    for i in top:
        cue[i] = _share(weights, terms, ix.word_sets[int(i)])
    return cue


def corpus_simplified(ix: SearchIndex) -> str:
    """All passages and section paths of the index as one normalised, simplified text."""
    if ix.fingerprint not in _corpus_cache:
        _corpus_cache.clear()
        text = analysis.normalize("\n".join(f"{r.section}\n{r.text}" for r in ix.records))
        _corpus_cache[ix.fingerprint] = analysis.to_simplified(text)
    return _corpus_cache[ix.fingerprint]


def foreign_words(terms: QuestionTerms, ix: SearchIndex) -> set[str]:
    """The question's subject words that no document states in any form (`股价`, `签证`):
    not in the text, no synonym, not a fragment of the question's own phrasing."""
    corpus = corpus_simplified(ix)
    return {
        w for w in terms.words
        if len(w) >= 2 and not w.isascii() and not terms.synonyms.get(w)
        and not set(w) & _PHRASING_CHARS and w not in corpus
    }


def foreign_share(terms: QuestionTerms, ix: SearchIndex) -> float:
    """IDF-weighted share of the question's words that are foreign to the documents."""
    weights = _weights(terms, ix)
    total = sum(weights.values())
    return sum(weights[w] for w in foreign_words(terms, ix)) / total if total else 0.0
