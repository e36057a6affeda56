"""Answer spans: split a passage into clauses, pick the shortest clause (or clause pair) that
best matches the question and states the kind of value it asks for, and find the original
lines the span came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fudao.search import analysis
from fudao.zhtext.normalize import fold_width

_CLAUSE_END = re.compile(r"(?<=[。；;！？!?\n，：])|(?<=[,:])(?!\d)")
MAX_UNITS = 3
MAX_SPAN_CHARS = 160
KIND_BONUS = 10.0


@dataclass(frozen=True)
class Span:
    """A candidate answer: its text and how well it answers."""

    text: str
    score: float


def clauses(text: str) -> list[str]:
    """The clauses of a passage (split at sentence, line and clause marks), empty ones dropped."""
    return [c for c in _CLAUSE_END.split(text) if c.strip()]


def candidates(text: str) -> list[str]:
    """Runs of one to three consecutive clauses, stripped, no longer than MAX_SPAN_CHARS."""
    parts = clauses(text)
    out: list[str] = []
    for i in range(len(parts)):
        for n in range(1, MAX_UNITS + 1):
            if i + n > len(parts):
                break
            cand = "".join(parts[i : i + n]).strip().rstrip("，,：:")
            if len(cand) > MAX_SPAN_CHARS:
                break
            out.append(cand)
    return out


# Answer typing only: a figure followed by a counter or unit (件, 家, 億, 年, 成, %, …).
_QUANTITY = re.compile(r"\d[\d,.]*\s*(?:[萬億兆千百]\s*)?[\d,]*\s*([^\d\s，。、；：（）()]{1})")
_ASKED_UNIT = re.compile(r"(?:幾|多少)\s*個?\s*([^\s，。？?！!的是、]{1})")
_NOT_UNITS = set("錢人")


def span_kinds(text: str) -> set[str]:
    """Kinds of value stated in a span (a date range counts as a date; a figure with a unit as a number)."""
    try:
        from fudao.zhtext.values import find_values
    except ImportError:
        found: set[str] = set()
    else:
        found = {f.kind for f in find_values(text)}
    if "date_range" in found:
        found.add("date")
    if _QUANTITY.search(text):
        found.add("number")
    return found


def asked_unit(question: str) -> str | None:
    """The counter or unit a question asks a figure in (`幾年` → 年, `多少億` → 億), if any."""
    m = _ASKED_UNIT.search(question)
    return m.group(1) if m and m.group(1) not in _NOT_UNITS else None


def has_unit(text: str, unit: str) -> bool:
    """Whether a span states a figure in the given unit."""
    return any(m.group(1) == unit for m in _QUANTITY.finditer(text))


def kind_score(cand: str, kinds: list[str], unit: str | None) -> float:
    """Bonus for a span that states the kind of value (and unit) the question asks for."""
    if not kinds and unit is None:
        return 0.0
    have = span_kinds(cand)
    score = KIND_BONUS if have & set(kinds) else 0.0
    if not score and "date" in kinds and "year" in have:
        score = KIND_BONUS / 2
    if unit is not None and has_unit(cand, unit):
        score += KIND_BONUS / 2
    return score


def overlap(query_grams: set[str], text: str) -> float:
    """How many of the question's bigrams the span contains."""
    grams = set(analysis.bigrams(analysis.normalize(text)))
    return float(len(query_grams & grams))


def best_span(text: str, query_grams: set[str], kinds: list[str], unit: str | None = None) -> Span | None:
    """The best run of clauses of a passage for a question."""
    best: Span | None = None
    for cand in candidates(text):
        score = overlap(query_grams, cand) - 0.01 * len(cand) + kind_score(cand, kinds, unit)
        if best is None or score > best.score:
            best = Span(cand, score)
    return best


def locate_lines(span: str, lines: list[str], first_line: int) -> tuple[int, int] | None:
    """The original 1-based line range of a span within a passage's original lines."""
    flat: list[str] = []
    owner: list[int] = []
    for offset, line in enumerate(lines):
        for ch in fold_width(line):
            if ch.isalnum():
                flat.append(ch)
                owner.append(first_line + offset)
    haystack = "".join(flat)
    needle = "".join(ch for ch in fold_width(span) if ch.isalnum())
    for probe in (needle, needle[:12], needle[-12:]):
        if not probe:
            continue
        at = haystack.find(probe)
        if at >= 0:
            start = owner[at]
            if probe is needle:
                return start, owner[at + len(needle) - 1]
            tail = haystack.find(needle[-12:], at)
            end = owner[tail + len(needle[-12:]) - 1] if tail >= 0 else start
            return start, max(start, end)
    return None
