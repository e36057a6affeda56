"""Normalisation, tokens and query expansion (no store needed)."""

from __future__ import annotations

import pytest

from fudao.search import analysis, query


def test_normalize_folds_width_simplified_and_numerals() -> None:
    out = analysis.normalize("软件补贴ＡＢＣ１２３，一百二十萬元，5,000萬")
    assert "軟體" in out and "補貼" in out
    assert "abc123" in out
    assert "1200000元" in out
    assert "5000萬" in out


def test_simplified_and_traditional_give_the_same_tokens() -> None:
    trad = analysis.normalize("外銷貸款優惠保證")
    simp = analysis.normalize("外销贷款优惠保证")
    assert analysis.words(trad) == analysis.words(simp)
    assert analysis.bigrams(trad) == analysis.bigrams(simp)


def test_bigrams_cover_unknown_words_and_keep_ascii() -> None:
    grams = analysis.bigrams(analysis.normalize("澎湖海洋牧場 ECFA 2.22%"))
    assert {"海洋", "洋牧", "牧場"} <= set(grams)
    assert "ecfa" in grams and "2.22" in grams


def test_words_drop_stopwords_and_punctuation() -> None:
    toks = analysis.words(analysis.normalize("請問，補助的上限是多少？"))
    assert "的" not in toks and "，" not in toks and "多少" not in toks
    assert any("补助" in t or "補助" in t for t in toks)


def test_term_matcher_finds_domain_terms() -> None:
    matcher = analysis.TermMatcher(["研發轉型補助", "產業發展署"])
    found = matcher.find(analysis.normalize("申請研发转型补助，洽产业发展署"))
    assert "term:研發轉型補助" in found and "term:產業發展署" in found


def test_expand_adds_roc_year_for_ad_year() -> None:
    assert "112年" in query.expand("2023 出口金額")
    assert "2023年" in query.expand("112年出口金額")


@pytest.mark.parametrize(("question", "years"), [
    ("What was the export value in 101?", ["101年"]),
    ("As of the end of 112, how many centres were there?", ["112年"]),
    ("From 97 to the end of 104, how much was lent?", ["97年", "104年"]),
    ("Were loans granted for 100 companies?", []),  # a count, not a year
    ("How much was granted in 2012?", []),  # a Western year: year_variants spells it
    ("101 年的出口金額是多少？", []),  # Chinese: the year is written as such
])
def test_an_english_question_states_roc_years_as_bare_numbers(question: str, years: list[str]) -> None:
    assert query.english_roc_years(question) == years
    assert all(y in query.expand(question) for y in years)
    if years:
        assert f"{int(years[0][:-1]) + 1911}年" in query.expand(question)


def test_english_words_are_retrieved_through_their_chinese_terms() -> None:
    question = "What was the value of Taiwan's exports under SBIR and 3GPP in 2012?"
    retrieved = query.retrieval_query(question, query.expand(question)).split()
    assert {"SBIR", "3GPP", "2012", "出口", "101年"} <= set(retrieved)
    assert not {"What", "value", "Taiwan's", "exports"} & set(retrieved)
    named = "Who organised the Demo Trade Partners Forum?"  # an English name the documents may give
    assert "Demo Trade Partners Forum" in query.retrieval_query(named, query.expand(named))
    chinese = "2012年臺灣出口金額？"
    assert query.retrieval_query(chinese, query.expand(chinese)) == query.expand(chinese)


def test_expand_adds_agency_renames_both_ways() -> None:
    assert "產業發展署" in query.expand("工業局的補助")
    assert "工業局" in query.expand("產業發展署的補助")


def test_english_words_map_to_chinese_terms() -> None:
    terms = query.english_terms("What is the hotline for the export loan guarantee?")
    assert {"保證", "專線"} <= set(terms)
    assert "外銷貸款" in terms or {"外銷", "貸款"} <= set(terms)
    assert query.english_terms("SMEs and tariffs") == ["中小企業", "關稅"]


def test_glossary_is_substantial() -> None:
    assert len(query.glossary()) >= 150


def test_wanted_kinds_follow_question_words() -> None:
    assert "phone" in query.wanted_kinds("聯絡電話是幾號？")
    assert "date" in query.wanted_kinds("什麼時候開始受理？")
    assert "amount" in query.wanted_kinds("補助上限是多少錢？")
    assert query.wanted_kinds("這個計畫在做什麼") == []


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ("", "空白"),
        ("   ", "空白"),
        ("補助" * 5000, "過長"),
        ("！？。…", "文字或數字"),
        ("😀😀🎉", "文字或數字"),
        ("補助\x00上限", "控制字元"),
        ("補助\x1b[31m", "控制字元"),
        (None, "文字"),
    ],
)
def test_bad_queries_are_refused_in_chinese(bad: object, fragment: str) -> None:
    with pytest.raises(query.QueryError, match=fragment):
        query.check_query(bad)


@pytest.mark.parametrize("k", [0, -1, 101, 100000])
def test_k_out_of_range_is_refused(k: int) -> None:
    with pytest.raises(query.QueryError, match="1 到 100"):
        query.check_k(k)


def test_k_in_range_is_kept() -> None:
    assert query.check_k(1) == 1 and query.check_k(100) == 100


def test_english_possessives_find_their_glossary_terms() -> None:
    from fudao.search import query

    assert {"臺灣", "我國", "出口"} <= set(query.english_terms("What was Taiwan's export value?"))
    assert "出口" in query.english_terms("the exporters' loans")
