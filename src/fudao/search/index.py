"""The passage index: analysed passages of the current document versions, three BM25 fields
(words, character bigrams, section titles), persisted in `index_dir()` and cached per process.

Analysis of a version is stored once (`versions/<id>.json`), so a rebuild after an ingest only
analyses the versions that changed. The cache reloads when the store's current versions change.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from fudao.search import analysis, spans
from fudao.store import index_dir
from fudao.zhtext.agencies import load_agencies
from fudao.zhtext.rocdates import find_dates

logging.getLogger("bm25s").setLevel(logging.WARNING)
log = logging.getLogger(__name__)

ANALYSIS_VERSION = 13
FIELDS = ("words", "bigrams", "titles")
_QUOTED = re.compile(r"「([^「」\n]{2,24})」")
_NAMED = re.compile(r"[\u4e00-\u9fff]{2,14}(?:計畫|方案|專案|貸款|服務團|輔導團|中心|基金|平臺|平台)")


@dataclass
class Record:
    """One passage as the index shows it: where it is in the original file and its text."""

    doc: str
    section: str
    line_start: int
    line_end: int
    text: str
    kinds: tuple[str, ...] = ()
    # The passage's clauses as `ask` reads them (read once, when the version is analysed).
    clauses: tuple[spans.Clause, ...] = ()


@dataclass
class SearchIndex:
    """The fitted BM25 fields over the current passages, with per-document year profiles."""

    fingerprint: str
    records: list[Record]
    models: dict[str, bm25s.BM25]
    matcher: analysis.TermMatcher
    doc_years: dict[str, dict[int, float]]
    docs: list[str] = field(default_factory=list)
    gram_df: dict[str, int] = field(default_factory=dict)
    word_df: dict[str, int] = field(default_factory=dict)
    kind_masks: dict[str, np.ndarray] = field(default_factory=dict)
    same_doc_as_next: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    word_sets: list[frozenset[str]] = field(default_factory=list)
    doc_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    def __post_init__(self) -> None:
        kinds = {k for r in self.records for k in r.kinds}
        self.kind_masks = {
            k: np.array([k in r.kinds for r in self.records], dtype=np.float32) for k in sorted(kinds)
        }
        position = {d: i for i, d in enumerate(self.docs)}
        self.doc_of = np.array([position.get(r.doc, -1) for r in self.records], dtype=np.int32)
        self.same_doc_as_next = self.doc_of[1:] == self.doc_of[:-1]

    def gram_idf(self, gram: str) -> float:
        """Inverse document frequency of a bigram over the passages (unseen bigrams weigh most)."""
        n = len(self.records)
        return math.log((n + 1) / (self.gram_df.get(gram, 0) + 0.5))

    def word_idf(self, word: str) -> float:
        """Inverse document frequency of a word token (unseen words weigh most)."""
        n = len(self.records)
        return math.log((n + 1) / (self.word_df.get(word, 0) + 0.5))

    def field_scores(self, query_norm: str) -> dict[str, np.ndarray]:
        """Raw BM25 scores of every passage for each field."""
        toks = {
            "words": analysis.word_field(query_norm, self.matcher),
            "bigrams": analysis.bigrams(query_norm),
            "titles": analysis.words(query_norm),
        }
        n = len(self.records)
        return {
            name: (self.models[name].get_scores(toks[name]) if toks[name] and n else np.zeros(n, dtype=np.float32))
            for name in FIELDS
        }


def years_in(text: str) -> list[int]:
    """AD years a text names (民國 or 西元, bare four-digit years included)."""
    from fudao.zhtext.rocdates import year_variants

    years: set[int] = set()
    for found in find_dates(text + " " + " ".join(year_variants(text))):
        value = found.value
        if "year" in value:
            years.add(int(value["year"]))
        elif "date" in value:
            years.add(int(value["date"][:4]))
        elif value.get("start"):
            years.add(int(value["start"][:4]))
    return sorted(years)


def domain_terms(texts: list[str], titles: list[str]) -> set[str]:
    """Names taken from the knowledge base: quoted names, programme-like names, section titles,
    and the agency table's names."""
    terms: set[str] = {t for t in titles if 2 <= len(t) <= 16}
    for text in texts:
        terms.update(_QUOTED.findall(text))
        terms.update(_NAMED.findall(text))
    for agency in load_agencies():
        terms.update(agency.forms())
    return terms


def stored_value_kinds(version: Any) -> dict[int, list[str]]:
    """Per passage id of a version, the kinds of value (amount, date, phone, …) ingestion
    extracted from it (a date range counts as a date)."""
    from fudao.documents.models import ExtractedValue

    kinds: dict[int, set[str]] = {}
    for passage_id, kind in ExtractedValue.objects.filter(passage__version=version).values_list("passage_id", "kind"):
        kinds.setdefault(passage_id, set()).add("date" if kind == "date_range" else kind)
    return {pid: sorted(ks) for pid, ks in kinds.items()}


# ----------------------------------------------------------------- analysed versions (disk)


def _version_path(key: str) -> Path:
    folder = index_dir() / "search" / "versions"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}-a{ANALYSIS_VERSION}.json"


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


@lru_cache(maxsize=4096)
def title_words(titles: tuple[str, ...]) -> tuple[str, ...]:
    """The word tokens of a passage's nearest section titles (shared by the passages of a section)."""
    return tuple(analysis.words(analysis.normalize(" ".join(titles))))


def analyse_version(key: str) -> dict[str, Any]:
    """The analysed passages of one document version (`<id>-<hash prefix>`), from disk or computed and stored."""
    version_id = int(key.split("-", 1)[0])
    path = _version_path(key)
    if path.exists():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    from fudao.documents.models import DocumentVersion

    version = DocumentVersion.objects.select_related("document").get(pk=version_id)
    stem = version.document.stem
    passages: list[dict[str, Any]] = []
    kinds = stored_value_kinds(version)
    for p in version.passages.order_by("order"):
        path_titles = [str(t) for t in (p.section_path or [])]
        # Bodies are often separate passages from their headings: index them with their path.
        norm = analysis.normalize("\n".join([*path_titles, p.text]))
        passages.append({
            "section": " > ".join(path_titles),
            "titles": path_titles,
            "line_start": p.line_start,
            "line_end": p.line_end,
            "text": p.text,
            "norm": norm,
            "words": analysis.words(norm),
            "bigrams": analysis.bigrams(norm),
            "title_words": list(title_words(tuple(path_titles[-2:]))),
            "kinds": kinds.get(p.pk, []),
            "clauses": [c.to_json() for c in spans.read_clauses(p.text)],
        })
    years = Counter(y for p in passages for y in years_in(str(p["norm"])))
    data = {"doc": stem, "passages": passages, "years": {str(y): c for y, c in years.items()}}
    _write_json(path, data)
    return data


# ----------------------------------------------------------------- building and caching


def current_fingerprint() -> str:
    """Identifies the store's live content: ids and content hashes of the current versions."""
    from fudao.documents.models import DocumentVersion

    rows = DocumentVersion.objects.filter(is_current=True).order_by("id").values_list("id", "content_hash")
    return f"a{ANALYSIS_VERSION}:" + ",".join(f"{i}-{h[:16]}" for i, h in rows)


def _fit(corpus: list[list[str]]) -> bm25s.BM25:
    model = bm25s.BM25()
    model.index([toks or [""] for toks in corpus], show_progress=False)
    return model


def build(fingerprint: str) -> SearchIndex:
    """Fit the index over the versions named by the fingerprint (analysing new ones)."""
    keys = [k for k in fingerprint.split(":", 1)[1].split(",") if k]
    versions = [analyse_version(k) for k in keys]
    flat = [(v["doc"], p) for v in versions for p in v["passages"]]
    titles = {t for _, p in flat for t in p["titles"]}
    matcher = analysis.TermMatcher(domain_terms([p["text"] for _, p in flat], sorted(titles)))
    records = [
        Record(
            doc, p["section"], p["line_start"], p["line_end"], p["text"], tuple(p["kinds"]),
            tuple(spans.Clause.from_json(row) for row in p["clauses"]),
        )
        for doc, p in flat
    ]
    if not flat:
        return SearchIndex(fingerprint, [], {}, matcher, {}, [])
    models = {
        "words": _fit([p["words"] + matcher.find(p["norm"]) for _, p in flat]),
        "bigrams": _fit([p["bigrams"] for _, p in flat]),
        "titles": _fit([p["title_words"] for _, p in flat]),
    }
    doc_years: dict[str, dict[int, float]] = {}
    for v in versions:
        total = sum(v["years"].values()) or 1
        doc_years[v["doc"]] = {int(y): c / total for y, c in v["years"].items()}
    docs = sorted(v["doc"] for v in versions)
    gram_df = Counter(g for _, p in flat for g in set(p["bigrams"]))
    word_df = Counter(w for _, p in flat for w in set(p["words"]))
    word_sets = [frozenset(p["words"]) for _, p in flat]
    return SearchIndex(
        fingerprint, records, models, matcher, doc_years, docs, dict(gram_df), dict(word_df), word_sets=word_sets
    )


_lock = threading.Lock()
_cached: SearchIndex | None = None
_checked_at = 0.0
# Seconds between two looks at the store's fingerprint (other workers may ingest meanwhile).
FINGERPRINT_TTL = 2.0


def get_index() -> SearchIndex:
    """The process's index, rebuilt when the store's current versions have changed."""
    global _cached, _checked_at
    now = time.monotonic()
    if _cached is not None and now - _checked_at < FINGERPRINT_TTL:
        return _cached
    fingerprint = current_fingerprint()
    _checked_at = now
    if _cached is not None and _cached.fingerprint == fingerprint:
        return _cached
    with _lock:
        if _cached is None or _cached.fingerprint != fingerprint:
            _cached = build(fingerprint)
        return _cached


def loaded() -> bool:
    """Whether this process holds a built index (what /readyz asks; no store query)."""
    return _cached is not None


def refresh(**_: Any) -> None:
    """Receiver of `ingest_finished`: analyse changed versions now and refit the cache.

    A failure here never fails the ingest: it is logged and the next search rebuilds lazily."""
    global _checked_at
    _checked_at = 0.0
    try:
        get_index()
    except Exception:  # the index is derived data; the ingest already committed
        log.warning("search index refresh failed; it will be rebuilt on the next search", exc_info=True)


def forget() -> None:
    """Drop the process cache, so the next search looks at the store again."""
    global _cached, _checked_at
    _cached = None
    _checked_at = 0.0
