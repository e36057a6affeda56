"""Coverage: how much of a question a passage states, as a re-ranking cue and `ask`'s refusal test."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from fudao.search import coverage, index, ranking
from fudao.search.services import scored


def test_function_words_and_numerals_are_not_what_a_question_is_about() -> None:
    words = coverage.question_words("海洋牧場示範計畫112年一共核定了幾案？")
    assert not words & {"几", "一共", "112"}
    assert {"海洋", "牧场"} <= words


def test_an_everyday_word_is_covered_by_its_formal_synonym(demo_db: str) -> None:
    ix = index.get_index()
    terms = coverage.terms_of("出口廠商借錢的保證")
    present = coverage.text_words("", "出口廠商貸款保證")
    assert coverage.coverage(terms, present, ix) == pytest.approx(1.0)
    assert coverage.coverage(terms, coverage.text_words("", "出口廠商"), ix) < 1.0


def test_the_cue_lifts_the_passage_stating_everything_asked(demo_db: str) -> None:
    """A question naming the programme and the attribute: the passage with both ranks first
    with the cue, and the cue is 0 outside the re-ranked depth."""
    ix, plain = scored("海洋牧場核定補助金額", weights=dataclasses.replace(ranking.tuned_weights(), coverage=0.0))
    cue = coverage.coverage_cue(ix, coverage.terms_of("海洋牧場核定補助金額"), plain, depth=1)
    assert np.count_nonzero(cue) <= 1
    ix, ranked = scored("海洋牧場核定補助金額")
    assert "海洋牧場" in ix.records[int(np.argmax(ranked))].section + ix.records[int(np.argmax(ranked))].text


def test_words_no_document_uses_are_foreign_but_question_phrasing_is_not(demo_db: str) -> None:
    ix = index.get_index()
    foreign = coverage.foreign_words(coverage.terms_of("海洋牧場的火星簽證是從哪一天開始？"), ix)
    assert {"火星", "签证"} <= foreign
    assert not foreign & {"海洋", "牧场", "是从", "哪一天"}
    assert coverage.foreign_share(coverage.terms_of("海洋牧場核定補助多少案？"), ix) == 0.0


def test_refusal_limits_decline_low_coverage_or_foreign_questions() -> None:
    from fudao.search.answer import Draft, RefusalLimits
    from fudao.search.index import Record

    record = Record("doc", "", 1, 1, "text")
    limits = RefusalLimits(min_coverage=0.2, max_foreign_share=0.4)
    assert not limits.declines(Draft(record, "text", None, coverage=0.5, foreign_share=0.1))
    assert limits.declines(Draft(record, "text", None, coverage=0.1, foreign_share=0.0))
    assert limits.declines(Draft(record, "text", None, coverage=0.9, foreign_share=0.5))
    assert limits.declines(None)


def test_an_english_question_naming_a_programme_in_chinese_is_read_as_english(demo_db: str) -> None:
    """Its English phrasing is not what it is about; the Chinese name it quotes is."""
    words = coverage.question_words("How many companies passed the review of the 根留臺灣 program?")
    assert "根留" in words
    assert not words & {"passed", "review", "companies"}
    chinese = coverage.question_words("根留臺灣方案有多少 companies 通過？")  # mostly Chinese: every word counts
    assert "companies" in chinese
