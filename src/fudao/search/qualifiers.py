"""Which of several figures a question asks for: a figure's qualifiers are the words just
before it (labels come first in these documents: `研發型計畫 61 案`, `政府補助 3.5 億元`),
and the question states its qualifier in the part that asks (`…裡，研發型計畫有幾案？`).

A clause's qualifier evidence is the best of its figures: the question's words found in the
figure's label (the text since the previous figure; for a clause's first figure the clause
before too), each weighing its IDF weight, less the further it stands from the figure, and
much less when it comes from the part of the question that only sets the context."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from fudao.search import analysis

# A figure: digits with separators and decimals, and a 萬/億 part (`7 萬 1,921`).
_FIGURE = re.compile(
    r"\d[\d,.]*(?:\s*[萬億兆千]\s*[\d,.]*)?"
    # a figure in Chinese numerals: `百分之七十`, `三億元`, `七年`
    r"|百分之[零一二三四五六七八九十百]+|[一二三四五六七八九十兩]+[十百千萬億]*(?=\s*(?:萬|億|元|年|個月|成|家|人|件|案|項|倍))"
)
# What stands between two figures of one item: a counter (`8 班 240 人`).
_CO_FIGURE = re.compile(r"\s*[^\d\s、，,；;。及與和或（）()]{1,2}\s*")
# Where a question's asking part is split off its context.
_PARTS = re.compile(r"[，,；;：:]")
_ASKING = re.compile(r"幾|几|多少|什麼|什么|甚麼|哪|何|是否|有沒有|有没有|多久|多長|多长|多高|多大")
# Grams this many characters before the figure weigh half as much as adjacent ones.
HALF_DISTANCE = 10.0
CONTEXT_SHARE = 0.1
SYNONYM_SHARE = 0.5
MIN_LABEL_CHARS = 2


def asking_part(question: str) -> str:
    """The part of a Chinese question that asks (the last clause with a question word); the
    whole question when it is not Chinese or no part asks."""
    if analysis.is_english(question):
        return question
    parts = [p for p in _PARTS.split(question) if p.strip()]
    for part in reversed(parts):
        if _ASKING.search(part):
            return part
    return question


def question_weights(asking: str, expanded_asking: str, weights: dict[str, float]) -> dict[str, float]:
    """Each question bigram's weight as a qualifier: its IDF weight; in full for the bigrams of
    the question's `asking` part, SYNONYM_SHARE of it for the synonyms `expanded_asking` adds
    to that part, CONTEXT_SHARE of it for the rest of the question."""
    spelled = set(analysis.bigrams(analysis.normalize(asking)))
    asking_grams = set(analysis.bigrams(analysis.normalize(expanded_asking)))
    return {
        g: w * ((1.0 if g in spelled else SYNONYM_SHARE) if g in asking_grams else CONTEXT_SHARE)
        for g, w in weights.items()
    }


# `甲國及乙國的平均稅率則分別為 3.0%及 6.5%`: the items listed before 分別 label the
# figures after it, in order.
_ITEM = r"[^\s，。；：、及與和]{1,10}"
_RESPECTIVELY = re.compile(rf"({_ITEM}(?:、{_ITEM})*(?:及|與|和){_ITEM})[^，。；、]{{0,12}}?分別")
# Where the last listed item ends and what is said of all of them begins (`乙國的平均稅率則`).
_ITEM_END = re.compile(r"的|將|則|皆|均|各")


@lru_cache(maxsize=65536)
def labels(clause: str) -> tuple[str, ...]:
    """The label of each figure of a clause: the text between the previous figure (or the
    clause's start) and it, or '' for a figure that opens its clause; after `A及B…分別`, the
    figures that follow are labelled A and B in turn (a figure in brackets after one of them
    restates it and shares its label)."""
    out: list[str] = []
    last = 0
    listed = _RESPECTIVELY.search(clause)
    items = re.split(r"、|及|與|和", listed.group(1)) if listed else []
    if items:
        items[-1] = _ITEM_END.split(items[-1])[0]
    for m in _FIGURE.finditer(clause):
        if listed and m.start() >= listed.end() and out and re.search(r"[（(][^）)]*$", clause[last : m.start()]):
            out.append(out[-1])  # `2.10%（30.5億美元）`: the same thing in another unit
        elif listed and m.start() >= listed.end() and items:
            out.append(items.pop(0))
        elif out and _CO_FIGURE.fullmatch(clause[last : m.start()]):
            out.append(out[-1] + clause[last : m.start()])  # `進階班 8 班 240 人`: one item's figures
        else:
            out.append(clause[last : m.start()])
        last = m.end()
    return tuple(out)


def label_evidence(label: str, weights: dict[str, float]) -> float:
    """How well a label states the question's qualifiers: each question bigram in it at its
    weight, halved every HALF_DISTANCE characters away from the figure."""
    return sum(weights[g] * 0.5 ** (away / HALF_DISTANCE) for g, away in label_grams(label) if g in weights)


@lru_cache(maxsize=65536)
def label_grams(label: str) -> tuple[tuple[str, int], ...]:
    """A label's bigrams, each with how many characters it stands from the label's end (its
    nearest occurrence)."""
    norm = analysis.normalize(label)
    nearest: dict[str, int] = {}
    for end, gram in analysis.placed_bigrams(norm):
        nearest[gram] = min(nearest.get(gram, len(norm)), len(norm) - end)
    return tuple(nearest.items())


def clause_evidence(texts: Sequence[str], weights: dict[str, float]) -> list[float]:
    """Per clause, the qualifier evidence of its best-labelled figure (0 without figures); a
    clause's first figure (or one with hardly a label) is also labelled by the clause before."""
    out = []
    for i, text in enumerate(texts):
        best = 0.0
        for k, label in enumerate(labels(text)):
            if i > 0 and (k == 0 or len(label.strip()) < MIN_LABEL_CHARS):
                label = texts[i - 1] + label
            best = max(best, label_evidence(label, weights))
        out.append(best)
    return out
