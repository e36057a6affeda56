"""The answer page says what kind of thing the answer is (「金額」「日期」「條件」) in zh-TW words,
read from the answer object, and never shows a machine value."""

from __future__ import annotations

import enum
import re

import pytest
from django.template.loader import render_to_string

from fudao.search.types import Answer
from fudao.web.presenters import answer_kind_label


class Kind(enum.Enum):
    DATE = "date"


def _answer(kind: object = None) -> Answer:
    answer = Answer(answer="每家最高3,500萬元")
    if kind is not None:
        answer.kind = kind  # type: ignore[attr-defined]
    return answer


def _shown(answer: Answer) -> str:
    html = render_to_string("web/_search_results.html", {
        "q": "貸款額度", "answer": answer, "answer_kind": answer_kind_label(answer)})
    return html.split('<section class="answer"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(("kind", "label"), [
    ("amount", "金額"), ("date", "日期"), ("condition", "條件"), ("yesno", "是或否"), ("yes/no", "是或否"),
    ("count", "數量"), ("list", "項目"), ("name", "名稱"), ("percent", "比例"), (Kind.DATE, "日期"),
])
def test_an_answer_of_a_known_kind_is_labelled_in_words(kind, label) -> None:
    html = _shown(_answer(kind))
    assert re.search(rf'<p class="answer-kind"><span class="badge">{label}</span></p>', html), html
    value = getattr(kind, "value", kind)
    assert value not in re.sub(r"<[^>]+>", " ", html), "the machine value never shows"


@pytest.mark.parametrize("kind", [None, "", "span_kind_x", 3])
def test_an_answer_without_a_known_kind_shows_no_label(kind) -> None:
    html = _shown(_answer(kind))
    assert "answer-kind" not in html
    assert "span_kind_x" not in html
    assert answer_kind_label(_answer(kind)) is None


def test_the_search_page_labels_the_answer_it_is_given(client, corpus_db, monkeypatch) -> None:
    from fudao.search import services

    answered = _answer("deadline")
    monkeypatch.setattr(services, "ask", lambda query: answered)
    html = client.get("/search", {"q": "申請截止日是哪一天（標示測試）"}).content.decode()
    assert '<span class="badge">截止日期</span>' in html
    assert "deadline" not in html
