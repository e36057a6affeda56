"""Text analysis for the index: normalisation, word tokens (rjieba + domain terms), bigrams.

Passages and queries go through the same functions, so a simplified, full-width or
Chinese-numeral query meets the Traditional, half-width, Arabic-digit index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import opencc
import rjieba

from fudao.zhtext.normalize import normalize_text
from fudao.zhtext.numerals import replace_chinese_numerals

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_ALNUM_RUN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_WORDLIKE = re.compile(f"[{_CJK}a-z0-9]")

# Function words that carry no topic; single characters other than these are kept.
STOPWORDS = frozenset(
    ["的", "了", "及", "與", "和", "或", "等", "之", "於", "在", "為", "是", "有", "以", "並", "對", "由", "將", "就", "也", "其", "而", "可", "被", "各", "該", "此", "所", "中", "上", "下", "什麼", "哪些", "哪個", "哪裡", "多少", "幾", "如何", "怎麼", "怎樣", "是否", "嗎", "呢", "請問", "請", "關於", "有關", "相關", "一下", "什么", "哪些", "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is", "are", "what", "which", "who", "how", "when", "where", "does", "do"]
)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """Width-folded, Traditional, lower-case text with Arabic numerals and no thousands commas."""
    out = replace_chinese_numerals(normalize_text(text)).lower()
    return _THOUSANDS.sub("", out)


def to_simplified(norm: str) -> str:
    """Normalised text in simplified characters (the form words are segmented and kept in)."""
    return str(_t2s().convert(norm)) if norm else norm


def words(norm: str) -> list[str]:
    """Search-mode word tokens of normalised text (segmented on its simplified form)."""
    simplified = to_simplified(norm)
    out: list[str] = []
    for tok in rjieba.cut_for_search(simplified):
        tok = tok.strip()
        if tok and _WORDLIKE.search(tok) and tok not in STOPWORDS:
            out.append(tok)
    return out


def bigrams(norm: str) -> list[str]:
    """Character bigrams of each CJK run (a lone character stays a unigram), plus ASCII words."""
    out: list[str] = []
    for run in _CJK_RUN.findall(norm):
        if len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    out.extend(_ALNUM_RUN.findall(norm))
    return out


_LATIN_WORD = re.compile(r"[A-Za-z]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def is_english(text: str) -> bool:
    """Whether a question is English: more Latin words than Chinese characters (an English
    question may quote a Chinese name, `the 示範方案 program`)."""
    return len(_LATIN_WORD.findall(text)) > len(_HAN.findall(text))


def placed_bigrams(norm: str) -> list[tuple[int, str]]:
    """`bigrams` with where each ends in `norm`, in no particular order."""
    out: list[tuple[int, str]] = []
    for m in _CJK_RUN.finditer(norm):
        run = m.group()
        if len(run) == 1:
            out.append((m.end(), run))
        else:
            out.extend((m.start() + i + 2, run[i : i + 2]) for i in range(len(run) - 1))
    out.extend((m.end(), m.group()) for m in _ALNUM_RUN.finditer(norm))
    return out


class TermMatcher:
    """Finds the knowledge base's domain terms (measure, programme and agency names) in text."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = sorted({normalize(t) for t in terms if len(t.strip()) >= 2}, key=len, reverse=True)

    def find(self, norm: str) -> list[str]:
        """Every domain term occurring in normalised text (overlaps allowed), as `term:` tokens."""
        found: list[str] = []
        for term in self.terms:
            if term in norm:
                found.extend(["term:" + term] * norm.count(term))
        return found


def word_field(norm: str, matcher: TermMatcher | None) -> list[str]:
    """The word-field tokens: segmenter words plus whole domain terms."""
    toks = words(norm)
    if matcher is not None:
        toks.extend(matcher.find(norm))
    return toks
