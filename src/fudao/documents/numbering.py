"""The ministry's heading numbering (壹、 一、 （一） 1、/1. （1）) read off the start of a line."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Rank of each numbering style in the ministry's outline, outermost first.
RANKS = {"han_cap": 0, "han": 1, "paren_han": 2, "arabic": 3, "paren_arabic": 4}

_CAP_DIGITS = {"壹": 1, "貳": 2, "參": 3, "参": 3, "叁": 3, "肆": 4, "伍": 5, "陸": 6, "柒": 7, "捌": 8, "玖": 9}
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_PATTERNS = [
    ("han_cap", re.compile(r"([壹貳參参叁肆伍陸柒捌玖拾]{1,3})\s*、\s*")),
    ("han", re.compile(r"([一二三四五六七八九十]{1,3})\s*、\s*")),
    ("paren_han", re.compile(r"[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*")),
    ("arabic", re.compile(r"([1-9]\d?)\s*(?:、|[.．](?![0-9０-９]))\s*")),
    ("paren_arabic", re.compile(r"[（(]\s*([1-9]\d?)\s*[）)]\s*")),
]


@dataclass(frozen=True)
class Numbering:
    """A numbering mark at a line start: its style, value, the mark as written, and the rest."""

    style: str
    number: int
    raw: str
    rest: str

    @property
    def rank(self) -> int:
        return RANKS[self.style]


def outline_number(numeral: str) -> int | None:
    """The value of an outline numeral (壹, 拾參, 十二, 二十, 7) from 1 to 99; None otherwise."""
    if numeral.isdigit():
        return int(numeral)
    table = {**_CAP_DIGITS, **_DIGITS}
    tens_marks = ("拾", "十")
    if not any(mark in numeral for mark in tens_marks):
        return table.get(numeral) if len(numeral) == 1 else None
    head, _, tail = numeral.replace("拾", "十").partition("十")
    tens = table.get(head, 0) if head else 1
    ones = table.get(tail, 0) if tail else 0
    if (head and head not in table) or (tail and tail not in table) or tens == 0:
        return None
    return tens * 10 + ones


def parse_numbering(text: str) -> Numbering | None:
    """The numbering that starts `text` (leading spaces ignored), if any and if it has content after it."""
    stripped = text.lstrip()
    for style, pattern in _PATTERNS:
        match = pattern.match(stripped)
        if match is None:
            continue
        number = outline_number(match.group(1))
        rest = stripped[match.end() :].strip()
        if number is None or not rest:
            return None
        if style == "arabic" and rest[0].isdigit():
            return None
        return Numbering(style, number, match.group(0).strip(), rest)
    return None
