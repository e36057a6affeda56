""""Which measures" questions (「受美國關稅影響的中小企業可以申請什麼貸款」): answered from the
published catalogue, not from one passage. The measures are those whose source lines the best
passages for the question fall in, of the kind of help asked for (貸款, 補助, 保證, …); each is
named with its cap and application window and cited by the lines its name came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from fudao.search.index import Record, SearchIndex

# Cue → instrument of the catalogue (`Measure.instrument`).
INSTRUMENT_CUES: dict[str, tuple[str, ...]] = {
    "loan": ("貸款", "融資", "借錢", "借款", "贷款", "loan"),
    "grant": ("補助", "補貼", "补助", "补贴", "grant", "subsid"),
    "guarantee": ("保證", "信保", "保证", "guarantee"),
    "training": ("培訓", "訓練", "培训", "training"),
    "tax_credit": ("抵減", "租稅", "稅", "税", "tax"),
}
_WHICH = re.compile(
    r"(?:什麼|什么|哪些|哪種|哪种|哪幾|哪几|有何)"
    r"(?:(?!條件|条件|資格|资格|時候|时候|文件|規定|规定|門檻|门槛)[^，。？?！!\s]){0,10}?"
    r"(?:貸款|贷款|融資|融资|補助|补助|補貼|补贴|保證|保证|措施|方案|資源|资源|協助|协助|優惠|优惠|支持|計畫|计划|培訓|培训|服務|服务)"
    r"|可以(?:申請|申请|用|找)(?:什麼|什么|哪些)"
    r"|(?:what|which) (?:loans?|grants?|subsid\w*|measures?|support|programs?|programmes?|guarantees?|help|assistance)"
)
# How a benefit's kind reads before its figure.
BENEFIT_LABELS = {
    "cap_per_case": "每案最高", "loan_cap": "貸款額度最高", "guarantee_cap": "保證額度", "interest_rate": "利率",
    "cost_share_max": "補助比例上限", "cap_extra": "加碼", "guarantee_ratio": "保證成數",
    "cost_item_cap": "單項經費編列上限", "rate_margin": "銀行加碼上限", "loan_to_cost": "貸款額度占計畫經費上限",
}
PASSAGE_DEPTH = 10
MAX_MEASURES = 3


def asks_measures(question: str) -> bool:
    """Whether a question asks which measures exist for a situation."""
    return bool(_WHICH.search(question.lower()))


def asked_instruments(question: str) -> set[str]:
    """The kinds of help (catalogue instruments) a question names; empty: any kind."""
    folded = question.lower()
    return {kind for kind, cues in INSTRUMENT_CUES.items() if any(c in folded for c in cues)}


@dataclass(frozen=True)
class Found:
    """A measure that answers the question: its catalogue dict and the best rank of the passages in it."""

    measure: dict[str, Any]
    rank: int


def extent(measure: dict[str, Any]) -> tuple[str, int, int] | None:
    """The document and the line range a measure's sources span."""
    sources = [s for s in (measure.get("sources") or {}).values() if isinstance(s, dict) and s.get("doc")]
    name = (measure.get("sources") or {}).get("name")
    if not sources or not isinstance(name, dict):
        return None
    same = [s for s in sources if s["doc"] == name["doc"]]
    return name["doc"], min(int(s["line_start"]) for s in same), max(int(s["line_end"]) for s in same)


def overlaps(record: Record, extents: list[tuple[str, int, int]]) -> bool:
    """Whether a passage overlaps one of the (document, first line, last line) extents."""
    return any(doc == record.doc and first <= record.line_end and record.line_start <= last
               for doc, first, last in extents)


def measures_for(
    ix: SearchIndex, scores: np.ndarray, question: str, catalogue: list[dict[str, Any]]
) -> list[Found]:
    """The published measures, best first, whose sources hold one of the best passages for
    the question, of the instrument it asks for."""
    wanted = asked_instruments(question)
    top = [int(i) for i in np.argsort(-scores, kind="stable")[:PASSAGE_DEPTH] if scores[i] > 0]
    extents = [(m, extent(m)) for m in catalogue if not wanted or m.get("instrument") in wanted]
    found: dict[str, Found] = {}
    for rank, i in enumerate(top, start=1):
        r = ix.records[i]
        for m, ext in extents:
            if ext and overlaps(r, [ext]) and m["id"] not in found:
                found[m["id"]] = Found(m, rank)
    return sorted(found.values(), key=lambda f: f.rank)[:MAX_MEASURES]


def describe(measure: dict[str, Any]) -> str:
    """A measure's name with its caps and application window, in zh-TW."""
    facts = []
    caps = [b for b in measure.get("benefits") or [] if isinstance(b.get("text"), str)]
    if caps:
        facts.append("、".join(f"{BENEFIT_LABELS.get(str(b.get('kind')), '')}{b['text']}" for b in caps[:3]))
    window = (measure.get("window") or {}).get("text")
    if window:
        facts.append(f"申請期間：{window}")
    return f"{measure['name']}（{'；'.join(facts)}）" if facts else str(measure["name"])
