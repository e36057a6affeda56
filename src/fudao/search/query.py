"""Query checks and expansion: bad input is refused in zh-TW; good input gains the other
spellings of its years and agency names and the Chinese terms of its English words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from fudao.errors import Invalid
from fudao.search import analysis, datafiles
from fudao.search.spans import cue_text
from fudao.zhtext.agencies import agencies_in, agency_variants
from fudao.zhtext.normalize import normalize_text
from fudao.zhtext.rocdates import year_variants

MAX_QUERY_CHARS = 500
MIN_K, MAX_K = 1, 100
_ENGLISH_WORD = re.compile(r"[a-z][a-z&.\-']*")
_POSSESSIVE = re.compile(r"'s?$")
_ALLOWED_CONTROL = {"\t", "\n", "\r"}


class QueryError(Invalid):
    """A query, `k` or document filter the search refuses; the message is zh-TW."""


def check_query(query: Any) -> str:
    """The query stripped, or QueryError saying what is wrong with it."""
    if not isinstance(query, str):
        raise QueryError("查詢必須是文字")
    text = query.strip()
    if not text:
        raise QueryError("查詢不可為空白")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"查詢過長（{len(text)} 字），上限為 {MAX_QUERY_CHARS} 字")
    if any(unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROL for c in text):
        raise QueryError("查詢含有控制字元，請移除後再試")
    if not any(unicodedata.category(c)[0] in "LN" for c in text):
        raise QueryError("查詢必須包含文字或數字（不能只有標點或表情符號）")
    return text


def check_k(k: Any) -> int:
    """`k` as an int in 1..100, or QueryError."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise QueryError("k 必須是整數")
    if not MIN_K <= k <= MAX_K:
        raise QueryError(f"k 必須介於 {MIN_K} 到 {MAX_K} 之間（收到 {k}）")
    return k


@lru_cache(maxsize=1)
def glossary() -> dict[str, list[str]]:
    """The English→Chinese domain glossary (data file `search/data/glossary.yaml`)."""
    data = datafiles.read_yaml("glossary.yaml") or {}
    return {str(k).lower(): [str(v) for v in vals] for k, vals in data.items()}


def english_terms(text: str) -> list[str]:
    """Chinese terms for the English words and phrases of `text` (longest phrase first, then
    the terms of the phrase's own words)."""
    table = glossary()
    tokens = [_POSSESSIVE.sub("", t) for t in _ENGLISH_WORD.findall(text.lower())]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for span in (4, 3, 2, 1):
            phrase = " ".join(tokens[i : i + span])
            key = phrase if phrase in table else phrase.rstrip("s") if span == 1 else ""
            if len(tokens[i : i + span]) == span and key in table:
                out.extend(t for t in table[key] if t not in out)
                for word in tokens[i : i + span] if span > 1 else ():  # a phrase also means what its words mean
                    out.extend(t for t in table.get(word, table.get(word.rstrip("s"), [])) if t not in out)
                i += span
                break
        else:
            i += 1
    return out


@lru_cache(maxsize=1)
def thesaurus() -> dict[str, list[str]]:
    """Everyday Chinese words → the documents' formal wording (data file `search/data/thesaurus.yaml`)."""
    data = datafiles.read_yaml("thesaurus.yaml") or {}
    return {normalize_text(str(k)).lower(): [str(v) for v in vals] for k, vals in data.items()}


def thesaurus_terms(text: str) -> list[str]:
    """Formal terms for the everyday words a (Traditional, normalised) question uses."""
    folded = normalize_text(text).lower()
    out: list[str] = []
    for key, terms in thesaurus().items():
        if key in folded:
            out.extend(t for t in terms if t not in out and t not in folded)
    return out


# Question cues → the kinds of value (fudao.zhtext.values) that answer them.
KIND_CUES: dict[str, tuple[str, ...]] = {
    "phone": ("電話", "專線", "窗口", "聯絡", "打哪", "幾號", "hotline", "phone", "call", "contact", "telephone"),
    "email": ("e-mail", "email", "電子郵件", "信箱"),
    # a website asked for, not one a firm runs (`我們做網站平台的`)
    "url": ("網址", "哪個網站", "什麼網站", "網站是", "網站在", "官網", "website", "url"),
    "address": ("地址", "住址", "address"),
    "date": ("何時", "什麼時候", "哪天", "哪一天", "哪幾天", "日期", "截止", "開始", "幾月", "哪個月", "when", "date", "deadline",
             "which month", "what month", "which day", "what day"),
    "year": ("哪一年", "哪年", "年度", "which year", "what year"),
    "percent": ("比例", "百分", "%", "趴", "幾成", "利率", "成數", "折扣", "ratio", "rate", "percent"),
    "amount": ("多少錢", "金額", "上限", "最高", "額度", "經費", "補助多少", "補多少", "拿多少", "領多少", "how much", "amount", "maximum", "value",
               "the most", "at most", "borrow", "ceiling"),
}


def wanted_kinds(question: str) -> list[str]:
    """The value kinds a question asks for, from its wording (may be empty)."""
    folded = cue_text(question)
    return [kind for kind, cues in KIND_CUES.items() if any(c in folded for c in cues)]


_NUMBER_CUES = ("幾", "多少", "how many", "how much", "number of")


def asks_number(question: str) -> bool:
    """Whether a question asks for a count or quantity."""
    folded = normalize_text(question).lower()
    return any(c in folded for c in _NUMBER_CUES)


def agency_terms(text: str) -> list[str]:
    """Former and current names of the agencies named in `text`."""
    out: list[str] = []
    for name in agencies_in(text):
        out.extend(v for v in agency_variants(name) if v not in out and v not in text)
    return out


# An ROC year as an English question writes it (`in 101`, `end of 112`, `ROC year 103`): 85–120
# after a word that introduces a year, not followed by what the number would count.
_ENGLISH_ROC_YEAR = re.compile(
    r"\b(?:in|of|during|since|by|for|from|to|until|through|year|roc|fy)\s+(8[5-9]|9\d|1[01]\d|120)\b"
    r"(?!\s*(?:%|percent|million|billion|thousand|hundred|[a-z]+s\b))", re.I)


def english_roc_years(text: str) -> list[str]:
    """The ROC years an English question states as bare numbers, in Chinese (`in 101` → `101年`)."""
    if not analysis.is_english(text):
        return []
    return list(dict.fromkeys(f"{m[1]}年" for m in _ENGLISH_ROC_YEAR.finditer(text)))


# In an English question, the words kept for retrieval as written: acronyms and names with
# digits (`SBIR`, `3GPP`), which the documents spell the same way; other English words reach
# the Chinese documents through their glossary terms only.
_KEPT_LATIN = re.compile(r"^(?:[A-Z][A-Z0-9&\-]+|[A-Za-z]*\d[A-Za-z0-9\-]*)$")
# An English proper name of three or more capitalised words (`Taiwan Business Alliance
# Conference`) is kept too: the documents give some names in English beside the Chinese.
_ENGLISH_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of|and|for|the)?\s*[A-Z][a-z]+){2,}\b")


def retrieval_query(text: str, expanded: str) -> str:
    """The expanded query (`expand(text)`) as the retriever scores it: for an English question,
    without the English words the Chinese documents would only match by accident (`2012
    Taiwan Business Alliance`)."""
    if not analysis.is_english(text):
        return expanded
    kept = [w for w in re.findall(r"[^\s,.?!;:()\"']+", text) if not w.isascii() or _KEPT_LATIN.match(w)]
    names = _ENGLISH_NAME.findall(text)
    return " ".join([*kept, *names, expanded[len(text):]])


def expand(text: str) -> str:
    """The query with its year variants, agency variants and glossary terms appended."""
    english = english_terms(text)
    roc_years = english_roc_years(text)
    extra = roc_years + year_variants(" ".join([text, *roc_years])) + agency_terms(text) + english
    extra += thesaurus_terms(" ".join([text, *english]))
    return " ".join([text, *extra]) if extra else text
