"""Answer spans: which run of clauses answers a question, on passages written for the test."""

from __future__ import annotations

import pytest

from fudao.search import analysis, spans
from fudao.search import query as q

FORM = "申請期限\n隨時受理\n貸款期限：週轉金最長5年\n設備購置：最長8年\n服務時間：09:00 ~ 17:30\n諮詢專線：0800-123-456"


def answer(text: str, question: str) -> str:
    """The span `best_span` picks for a question, with the question analysed as `ask` does."""
    grams = set(analysis.bigrams(analysis.normalize(q.expand(question))))
    kinds = spans.asked_kinds(question, (q.KIND_CUES, spans.SPAN_CUES)) or q.wanted_kinds(question)
    span = spans.best_span(text, grams, kinds, spans.asked_unit(analysis.normalize(question)))
    assert span is not None
    return span.text


def test_a_span_never_ends_on_the_label_of_the_next_value():
    assert "購置" not in answer(FORM, "貸款期限最長幾年？").splitlines()[-1]
    assert answer(FORM, "設備購置的期限最長幾年？").endswith("最長8年")


def test_the_question_focus_is_the_kind_named_last():
    assert spans.asked_kinds("諮詢專線的服務時間？", (q.KIND_CUES, spans.SPAN_CUES))[0] == "time"
    assert "09:00" in answer(FORM, "諮詢專線的服務時間？")


def test_words_after_the_value_do_not_count_for_it():
    text = "單一企業\n上限 300萬元\n聯合申請\n3家以上\n上限 900萬元"
    assert answer(text, "聯合申請的上限是多少？").endswith("900萬元")


def test_a_negated_match_loses_to_the_plain_one():
    text = "中型企業每家 800 萬元，非中型企業每家 2 億元"
    assert "800" in answer(text, "中型企業的額度是多少？")


@pytest.mark.parametrize(
    ("question", "unit"),
    [("一共省下多少電費？", "元"), ("受理多少諮詢案次？", "案"), ("一共核定了幾案？", "案"), ("期限最長幾年？", "年"), ("總共節電多少度？", "度"), ("利率是多少？", None)],
)
def test_the_counter_a_question_asks_its_figure_in(question, unit):
    assert spans.asked_unit(question) == unit


def test_a_year_is_not_a_count_of_years():
    assert not spans.has_unit("統計 112 年的成果", "年")
    assert spans.has_unit("貸款期限 7 年", "年")
    assert "number" not in spans.span_kinds("辦理服務(統計 112 年)")


def test_fractions_and_times_are_typed():
    assert "percent" in spans.span_kinds("不超過研發人數 1/3")
    assert "time" in spans.span_kinds("服務時間 08:30")
    assert "duration" in spans.span_kinds("訓練 3-6 個月")
    assert "date" in spans.span_kinds("應於每年 5 月提出申請")  # a month that comes every year
    assert "date" not in spans.span_kinds("訓練為期 5 個月")


@pytest.mark.parametrize(
    ("question", "entity"),
    [("投資金額最多的是哪個國家？", True), ("總團由哪些單位組成？", True), ("是哪一天開始的？", False),
     ("可以打哪支電話？", False), ("Which country invested most?", True)],
)
def test_a_which_thing_question_asks_for_a_name_not_a_figure(question, entity):
    assert spans.asks_entity(question) is entity


def test_money_asked_by_its_name_is_an_amount_even_after_other_cues():
    from fudao.search.answer import asked_value_kinds

    question = "節電打折方案一共替用戶省下多少電費？"
    assert asked_value_kinds(question, q.expand(question))[0] == "amount"
    assert asked_value_kinds("最高給多少折扣？", "最高給多少折扣？")[0] == "percent"


def test_a_free_number_is_asked_for_by_free_phone_questions():
    text = "聯絡電話：(02)2700-1234\n免付費專線：0800-765-432"
    assert spans.asked_kinds("可以打哪支免費電話？", (q.KIND_CUES, spans.SPAN_CUES))[0] == "tollfree"
    assert "0800-765-432" in answer(text, "可以打哪支免費電話？")


def test_a_day_of_a_month_is_a_date_when_the_year_came_earlier():
    assert "date" in spans.span_kinds("並於同年 9 月 12 日正式生效")


def test_the_start_of_a_sentence_scopes_a_figure_said_later_in_it():
    text = (
        "110 年本國對外貿易總額達 900 億元，較上年增加 3%，其中出口 500 億元，增加 2%，"
        "進口 400 億元，減少 1%，累計出超 100 億元，增加 9%。\n111 年本國對外貿易總額達 950 億元。\n"
    )
    question = "110年本國對外貿易累計出超多少？"
    grams = set(analysis.bigrams(analysis.normalize(question)))
    parts = spans.read_clauses(text)
    years = [5.0 if "110" in c.text else -5.0 if "111" in c.text else 0.0 for c in parts]
    run = spans.best_run(parts, grams, ["number"], extra=years)
    assert run is not None and "累計出超 100 億元" in spans.run_text(parts, run)
    assert spans.sentence_starts(parts)[-1] == len(parts) - 1


def test_a_flattened_contact_table_splits_after_each_rows_phone():
    text = "甲計畫 某署 王先生 (02)1234-5678#12乙計畫 某署 李小姐 (02)8765-4321 分機 9，丙計畫 某署\n0800-000-111\n"
    assert spans.clauses(text) == [
        "甲計畫 某署 王先生 (02)1234-5678#12", "乙計畫 某署 李小姐 (02)8765-4321 分機 9，", "丙計畫 某署\n", "0800-000-111\n",
    ]
    assert answer(text, "丙計畫的聯絡電話？").endswith("0800-000-111")


def test_an_untyped_question_is_answered_by_what_the_run_adds_not_by_its_restatement():
    text = "（一） 開發新園區：與甲公司合作，預計於北部開發 3 處園區，採「只租不售」方式辦理。其後另有說明。"
    question = "跟甲公司合作開發的新園區，土地是用賣的還是租的？"
    grams = set(analysis.bigrams(analysis.normalize(question)))
    parts = spans.read_clauses(text)
    run = spans.best_run(parts, grams, [], None, question_grams=grams)
    assert "只租不售" in spans.run_text(parts, run)


@pytest.mark.parametrize(("clause", "dangles"), [
    ("申請期間：自民國 105年 2月 5日起，", True),  # its end follows
    ("自 112 年 4 月 17 日起，", True),
    ("自 112 年 4 月 17 日起受理申請。", False),
    ("112 年起推動，", False),
])
def test_the_start_of_a_period_announces_its_end(clause, dangles):
    assert spans.dangling(clause) is dangles


def test_a_ratio_stays_in_its_clause_and_states_a_share() -> None:
    parts = spans.clauses("調整出資配比，配比由 2：1 改為 4：1；其餘不變。")
    assert "配比由 2：1 改為 4：1；" in parts
    assert "percent" in spans.span_kinds("配比由 2：1 改為 4：1")
    # a time of day is no ratio, and a label's colon still ends its clause
    assert "percent" not in spans.span_kinds("服務時間 08:30 至 17:30")
    assert spans.clauses("貸款期限：最長七年") == ["貸款期限：", "最長七年"]
