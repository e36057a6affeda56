"""How `ask` reads a question (English counters, "which measures" wording), and tuning's
refusal of the blind set."""

from __future__ import annotations

import pytest

from fudao.search import evaluation, measures, spans


def test_tuning_never_reads_the_blind_set() -> None:
    with pytest.raises(ValueError, match="盲測集"):
        evaluation.load_tuning([evaluation.BLIND_SET])
    assert evaluation.BLIND_SET not in evaluation.TUNING_SETS


@pytest.mark.parametrize(("question", "unit"), [
    ("How many Taiwanese companies were matched with buyers?", "家"),
    ("How many electric vehicle models passed the tests?", "款"),
    ("How many patent applications were filed?", "件"),
    ("How many policy sessions were held?", "場"),
    ("How many of the firms got a loan?", "家"),
    ("How much money was granted?", None),
])
def test_an_english_count_asks_in_the_documents_counter(question: str, unit: str | None) -> None:
    assert spans.asked_unit(question.lower()) == unit


@pytest.mark.parametrize(("question", "asks"), [
    ("受美國關稅影響的中小企業可以申請什麼貸款？", True),
    ("我們是中堅企業，有什麼專屬方案可以申請？", True),
    ("財務出問題可以用什麼顧問服務？", True),
    ("申請補助要準備什麼文件？", False),
    ("什麼條件才能申請補助？", False),
    ("什麼時候可以申請貸款？", False),
    ("哪些國家來臺投資最多？", False),
])
def test_which_measures_wording(question: str, asks: bool) -> None:
    assert measures.asks_measures(question) is asks
