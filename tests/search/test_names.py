"""Names an answer gives: what an acronym stands for, and the heading a service's body sits
under (texts written for the test)."""

from __future__ import annotations

import pytest

from fudao.search import acronyms, answer
from fudao.search.index import Record


@pytest.mark.parametrize(("question", "acronym"), [
    ("TBX的中文全名是什麼？", "TBX"), ("ABC-2 全稱？", "ABC-2"), ("What does QQRT stand for?", "QQRT"),
    ("What is the full name of the XYZ?", "XYZ"), ("TBX今年補助多少錢？", None),
])
def test_a_question_asking_what_an_acronym_stands_for(question: str, acronym: str | None) -> None:
    assert acronyms.asked_acronym(question) == acronym


class OneRecordIndex:
    def __init__(self, *texts: str) -> None:
        self.records = [Record("d", "", n, n, t) for n, t in enumerate(texts, start=1)]


def test_the_name_bracketed_before_an_acronym_without_the_verb_before_it() -> None:
    ix = OneRecordIndex("本年度補助 3 案。", "(1) 籌組示範生技製造股份有限公司（TBX），於年中成立。")
    found = acronyms.expansion(ix, "tbx")  # type: ignore[arg-type]
    assert found is not None
    record, name, quote = found
    assert (record.line_start, name) == (2, "示範生技製造股份有限公司")
    assert quote.endswith("（TBX）")
    assert acronyms.expansion(ix, "ZZZ") is None  # type: ignore[arg-type]


def test_a_service_is_named_by_the_heading_line_above_its_body() -> None:
    record = Record("d", "手冊", 1, 9, "融資診斷 個案處理\n由顧問盤點企業財務\n")
    assert answer.heading_name(record, "每企業最多12萬元\n融資診斷 個案處理\n") == "融資診斷 個案處理"
    assert answer.heading_name(record, "申請資格\n") is None  # a form's label names nothing
