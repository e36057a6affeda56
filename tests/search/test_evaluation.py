"""How `fudao eval` judges an answer: the gold span, or the same values, must be stated."""

from __future__ import annotations

import pytest

from fudao.search.evaluation import DevQuestion, answer_correct

NOT_FOUND = "文件中找不到"


def gold(answer: str | None) -> DevQuestion:
    """A dev question whose gold answer is `answer` (None: unanswerable)."""
    return DevQuestion("t1", "問題", "doc" if answer else None, 1 if answer else None, 1 if answer else None, answer, "zh-TW", False)


@pytest.mark.parametrize(
    ("expected", "given", "right"),
    [
        ("12萬元", "每企業最多補助12萬", True),
        ("6,000萬元", "保證額度 6000 萬元", True),
        ("0800-000-257", "諮詢專線：0800-000-257", True),
        ("12萬元", "每企業最多補助10萬", False),
        ("10年", "以 7年為限", False),
        ("產業學院", "「產業學院」推動計畫：補助技專校院", True),
    ],
)
def test_an_answer_is_right_when_it_states_the_gold_span_or_value(expected, given, right):
    result = {"answer": given, "citations": [{"doc": "doc"}]}
    assert answer_correct(gold(expected), result, NOT_FOUND) is right


def test_an_unanswerable_question_is_right_only_when_declined_without_citations():
    assert answer_correct(gold(None), {"answer": NOT_FOUND, "citations": []}, NOT_FOUND)
    assert not answer_correct(gold(None), {"answer": "某段文字", "citations": [{"doc": "doc"}]}, NOT_FOUND)


def test_a_list_answer_needs_every_item_in_order():
    from fudao.search.evaluation import _question

    listed = _question({"id": "t2", "question": "哪三項？", "doc": "doc", "line_start": 1, "line_end": 1,
                        "answer": ["甲計畫", "乙計畫", "丙計畫"], "lang": "zh-TW", "paraphrase": False})
    assert listed.items == ("甲計畫", "乙計畫", "丙計畫")

    def right(given: str) -> bool:
        return answer_correct(listed, {"answer": given, "citations": [{"doc": "doc"}]}, NOT_FOUND)

    assert right("包括「甲計畫」、「乙計畫」及「丙計畫」三項")
    assert not right("甲計畫、丙計畫")  # one missing
    assert not right("丙計畫、乙計畫、甲計畫")  # out of order


def test_an_answer_cites_its_words_only_when_each_quote_is_in_its_lines():
    from fudao.search.evaluation import cites_own_words

    lines = ["標題", "每案補助上限 300 萬元。", "其他說明"]

    def answer(start: int, end: int) -> dict:
        return {"citations": [{"doc": "d", "line_start": start, "line_end": end, "quote": "每案補助上限 300 萬元"}]}

    assert cites_own_words(answer(2, 2), lambda doc: lines)
    assert cites_own_words(answer(1, 2), lambda doc: lines)  # a heading as context may be cited too
    assert not cites_own_words(answer(3, 3), lambda doc: lines)  # the quote is not on the cited line
    assert not cites_own_words({"citations": []}, lambda doc: lines)
