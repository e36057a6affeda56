"""Which of several figures a question asks for: labels, the asking part of a question, and
the run `best_run` picks with qualifier evidence (passages written for the test)."""

from __future__ import annotations

import pytest

from fudao.search import analysis, qualifiers, spans

LIST = "110 年「產業研發型計畫」共核定補助 90 案，包括：規劃型計畫 20 案、研發型計畫 61 案、聯盟型計畫 9 案。"


def weights_of(question: str) -> dict[str, float]:
    """Every bigram of the question at weight 1, as qualifiers would weigh them."""
    grams = set(analysis.bigrams(analysis.normalize(question)))
    asking = qualifiers.asking_part(question)
    return qualifiers.question_weights(asking, asking, {g: 1.0 for g in grams})


def test_each_figure_is_labelled_by_the_text_since_the_previous_one() -> None:
    assert qualifiers.labels("規劃型計畫 20 案、研發型計畫 61 案。") == ("規劃型計畫 ", " 案、研發型計畫 ")


def test_respectively_labels_the_figures_in_turn() -> None:
    found = qualifiers.labels("工業品甲國及乙國的平均稅率則分別為 3.0%及 6.5%，")
    assert found[-2].endswith("甲國") and found[-1] == "乙國"


@pytest.mark.parametrize(("question", "part"), [
    ("110年核定補助的案子裡，研發型計畫有幾案？", "研發型計畫有幾案？"),
    ("研發轉型補助的電話？", "研發轉型補助的電話？"),  # no question word: the whole question
    ("How many projects were approved in 2012?", "How many projects were approved in 2012?"),
])
def test_the_asking_part_of_a_question(question: str, part: str) -> None:
    assert qualifiers.asking_part(question) == part


def test_context_words_weigh_less_than_the_asking_part() -> None:
    weights = weights_of("核定補助的案子裡，研發型計畫有幾案？")
    assert weights["研發"] == 1.0 and weights["核定"] == qualifiers.CONTEXT_SHARE


def test_a_nearer_label_word_weighs_more() -> None:
    weights = {"創新": 1.0}
    assert qualifiers.label_evidence("創新研發計畫與其他 ", weights) < qualifiers.label_evidence("其他計畫與創新 ", weights)


def test_the_run_reaches_the_figure_its_label_names() -> None:
    question = "110年核定補助的案子裡，研發型計畫有幾案？"
    parts = spans.read_clauses(LIST)
    grams = set(analysis.bigrams(analysis.normalize(question)))
    evidence = qualifiers.clause_evidence([c.text for c in parts], weights_of(question))
    plain = spans.best_run(parts, grams, ["number"], "案")
    qualified = spans.best_run(parts, grams, ["number"], "案", qualifier=evidence)
    assert plain is not None and "61" not in spans.run_text(parts, plain)
    assert qualified is not None and "61 案" in spans.run_text(parts, qualified)


def test_a_figure_opening_its_clause_is_labelled_by_the_clause_before() -> None:
    evidence = qualifiers.clause_evidence(["全新設備購置費上限：", "40%"], {"購置": 1.0})
    assert evidence[1] > 0


def test_a_figure_in_chinese_numerals_has_its_label() -> None:
    found = qualifiers.labels("補助最高為總經費之百分之六十，期程最長五年。")
    assert len(found) == 2 and found[0].endswith("總經費之") and found[1].endswith("期程最長")
