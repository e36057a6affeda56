"""What an acronym stands for (`XYZ的中文全名是什麼？`, `What does SBIR stand for?`): the
name the documents write before it in brackets, `示範生技製造股份有限公司（XYZ）`."""

from __future__ import annotations

import re

from fudao.search.index import Record, SearchIndex

_ACRONYM = r"[A-Za-z][A-Za-z0-9&\-]{1,11}"
_ASKS = re.compile(
    rf"({_ACRONYM})\s*(?:的)?\s*(?:中文)?(?:全名|全稱|全称|名稱|名称|是什麼的縮寫|是什么的缩写|代表什麼|代表什么)"
    rf"|(?:does|do)\s+(?:the\s+)?({_ACRONYM})\s+stand\s+for|full\s+(?:name|form)\s+of\s+(?:the\s+)?({_ACRONYM})",
    re.IGNORECASE,
)
# Verbs a report puts before the name it brackets an acronym after (`籌組示範生技…（XYZ）`).
_LEADING_VERB = re.compile(r"^(?:籌組|成立|設立|推動|辦理|透過|委託|協助|輔導|包括|如|由|與|及|和|之|的)+")


def asked_acronym(question: str) -> str | None:
    """The acronym whose full name a question asks, if it asks one."""
    m = _ASKS.search(question)
    return next((g for g in m.groups() if g), None) if m else None


def expansion(ix: SearchIndex, acronym: str) -> tuple[Record, str, str] | None:
    """The first passage that writes a name with the acronym in brackets after it: the
    passage, the name, and the text quoted (the name with its acronym)."""
    pattern = re.compile(rf"([\u4e00-\u9fff]{{2,30}})\s*[（(]\s*{re.escape(acronym)}\s*[)）]", re.IGNORECASE)
    for record in ix.records:
        m = pattern.search(record.text)
        if m:
            name = _LEADING_VERB.sub("", m.group(1)) or m.group(1)
            return record, name, m.group()
    return None
