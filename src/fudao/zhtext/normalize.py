"""Width folding, simplified→traditional conversion and whitespace squashing."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; U+3000 is the ideographic space.
_WIDTH_TABLE: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
_FINDER_TABLE = {k: v for k, v in _WIDTH_TABLE.items() if k != 0xFF0C}
_SPACE_RUN = re.compile(r"\s+")


def fold_width(s: str) -> str:
    """Full-width digits, letters, punctuation and the ideographic space as half-width.

    Folding maps one character to one character, so offsets into the folded text are
    offsets into the original text.
    """
    return s.translate(_WIDTH_TABLE)


def fold_for_finders(s: str) -> str:
    """`fold_width` except the full-width comma, which in Chinese separates clauses and must
    not join two numbers into one (`100，200萬元`). One character to one character."""
    return s.translate(_FINDER_TABLE)


@lru_cache(maxsize=1)
def _s2twp() -> opencc.OpenCC:
    return opencc.OpenCC("s2twp")


def to_traditional(s: str) -> str:
    """Simplified Chinese as Taiwan Traditional Chinese with Taiwan phrasing (OpenCC s2twp)."""
    if not s:
        return s
    return str(_s2twp().convert(s))


def normalize_text(s: str) -> str:
    """Width-folded Traditional Chinese; Chinese numerals are kept as written."""
    return to_traditional(fold_width(s))


def squash_space(s: str) -> str:
    """Every run of whitespace (ideographic space included) as one space, ends trimmed."""
    return _SPACE_RUN.sub(" ", fold_width(s)).strip()
