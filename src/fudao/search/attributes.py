"""The attribute a question names as what it asks (`保證手續費率是多少` asks a 手續費率): a span
whose passage never names that attribute, nor states a value of the kind a generic attribute
names (`電話`, `比例`), does not answer the question — the documents speak of the subject but
not of what is asked about it."""

from __future__ import annotations

import re

from fudao.search import analysis

# `X 是/為 <question word>`: X, the attribute asked (its last characters count); `分為`, `列為`
# are verbs, not the copula.
_ASKED = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)(?:是|(?<![分成作列視認稱改訂])為)(多少|幾|什麼時候|什麼|甚麼|哪一天|哪天|何時)"
)
# A date asked of an event (`第一次開會是哪一天`) names the event, not an attribute: only a
# named date (`截止日`, `申請期限`) is one.
_DATE_WORDS = ("什麼時候", "哪一天", "哪天", "何時")
_NAMED_DATE = re.compile(r"(?:日|日期|期限|時間|截止)$")
# Words a question puts between its attribute and the copula that are not the attribute.
_ADVERBS = re.compile(r"(?:一共|總共|合計|分別|大概|大約|目前|現在|到底|究竟|最多|最少|最高|最低)+$")
HEAD_CHARS = 4
# An attribute this common (passages whose bigram it is) names no particular thing.
GENERIC_DF = 30
# Attributes that only name a kind of value: answered by any value of that kind.
VALUE_NOUNS: dict[str, tuple[str, ...]] = {
    "phone": ("電話", "號碼", "專線"),
    "percent": ("比例", "比重", "比率", "占比", "百分比"),
    "amount": ("金額", "經費", "費用", "上限", "額度"),
    "date": ("日期", "時間"),
    "number": ("規模", "產能", "數量", "總數", "數目", "容量"),
}


def asked_attribute(asking: str) -> str | None:
    """The attribute the asking part of a Chinese question names before its copula and
    question word (the head after its last 的, at most HEAD_CHARS characters), if any."""
    found = next(reversed(list(_ASKED.finditer(asking))), None)
    if found is None:
        return None
    if found.group(2) in _DATE_WORDS and not _NAMED_DATE.search(found.group(1)):
        return None
    head = _ADVERBS.sub("", found.group(1).rstrip("的")).rsplit("的", 1)[-1]
    return head[-HEAD_CHARS:] if len(head) >= 2 else None


def names_attribute(attribute: str, context: str, stated: set[str], gram_df: dict[str, int]) -> bool:
    """Whether a span's context (its passage, section and label) names the attribute, or the
    attribute is generic (common words, or a kind of value the span states: `stated` holds the
    span's value kinds, and "unit" when it states a figure in the unit asked)."""
    if "unit" in stated:  # `年齡範圍是什麼` answered in 歲
        return True
    for kind, nouns in VALUE_NOUNS.items():
        if kind in stated and any(n in attribute for n in nouns):
            return True
    grams = set(analysis.bigrams(analysis.normalize(attribute)))
    specific = {g for g in grams if gram_df.get(g, 0) <= GENERIC_DF}
    if not specific:
        return True
    return bool(specific & set(analysis.bigrams(analysis.normalize(context))))
