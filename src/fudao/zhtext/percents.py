"""Percentages: `10%`, `10 %`, `**2.22%**`, `百分之十`, `9.5成` (95%), `8~9成` and `10~20%`
(ranges: {"percent": low, "max": high}), `三成` (30%), `9 成 5` (95%), `4 成至 9 成`. Not handled: 個百分點, ‰."""

from __future__ import annotations

import re

from fudao.zhtext.found import Found
from fudao.zhtext.normalize import fold_for_finders
from fudao.zhtext.numerals import NUMERAL_CHARS, chinese_to_int

_NUM = r"\d+(?:\.\d+)?"
_RANGE = r"\s*(?:~|～|-|－|至|到)\s*"
_PERCENT = re.compile(rf"(?<!\d)(?<!\d[.,])(?P<a>{_NUM})(?:{_RANGE}(?P<b>{_NUM}))?\s*%")
_CN_DIGIT = "[一二兩三四五六七八九十]"
_TENTHS = re.compile(
    rf"(?<!\d)(?<!\d[.,])(?P<a>{_NUM}|{_CN_DIGIT})"
    rf"(?:(?:\s*成)?{_RANGE}(?P<b>{_NUM}|{_CN_DIGIT}))?"
    r"\s*成(?!長|本|果|立|員|效|功|為|交|就|品|績|熟|型|分|年|人|形|全)"
    r"(?:\s*(?P<c>[1-9])(?![\d.,]|\s*[萬億元人家年月日%成個項件次]))?"
)
_WORDS = re.compile(rf"百分之(?P<a>[{NUMERAL_CHARS}]+|{_NUM})")


def _number(s: str) -> float | None:
    if s[0].isdigit():
        return float(s)
    value = chinese_to_int(s)
    return None if value is None else float(value)


def _found(text: str, m: re.Match[str], scale: float) -> Found | None:
    low = _number(m["a"])
    high = _number(m["b"]) if m.groupdict().get("b") else None
    if low is None or (m.groupdict().get("b") and high is None):
        return None
    if m.groupdict().get("c"):
        low = low + float(m["c"]) / 10  # 9 成 5 → 9.5 成
    value: dict[str, float] = {"percent": round(low * scale, 6)}
    if high is not None:
        value["max"] = round(high * scale, 6)
    return Found("percent", text[m.start() : m.end()], value, m.start(), m.end())


def find_percents(text: str) -> list[Found]:
    """Every percentage in `text`, in order, as {"percent": float} (see the module docstring)."""
    folded = fold_for_finders(text)
    out: list[Found] = []
    for pattern, scale in ((_PERCENT, 1.0), (_TENTHS, 10.0), (_WORDS, 1.0)):
        for m in pattern.finditer(folded):
            found = _found(text, m, scale)
            if found is not None:
                out.append(found)
    return sorted(out, key=lambda f: f.start)
