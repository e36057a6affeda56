"""How `ask` reads a question (English counters, "which measures" wording), and tuning's
refusal of the blind set."""

from __future__ import annotations

import pytest

from fudao.search import analysis, answer, attributes, evaluation, measures, spans
from fudao.search import query as q


@pytest.mark.parametrize("blind", evaluation.BLIND_SETS)
def test_tuning_never_reads_a_blind_set(blind) -> None:
    with pytest.raises(ValueError, match="盲測集"):
        evaluation.load_tuning([blind])
    assert blind not in evaluation.TUNING_SETS


def _gold(doc: str | None, start: int | None, end: int | None) -> evaluation.DevQuestion:
    return evaluation.DevQuestion("x", "q", doc, start, end, None if doc is None else "a", "zh-TW", False)


@pytest.mark.parametrize(("citations", "covered"), [
    ([{"doc": "d", "line_start": 10, "line_end": 14}], True),
    ([{"doc": "d", "line_start": 12, "line_end": 14}], False),  # starts after the gold lines
    ([{"doc": "e", "line_start": 1, "line_end": 99}], False),  # another document
    ([{"doc": "d", "line_start": 1, "line_end": 2}, {"doc": "d", "line_start": 11, "line_end": 12}], True),
    ([], False),
])
def test_citation_covers_the_gold_lines_only_when_every_line_is_cited(citations, covered) -> None:
    assert evaluation.cites_gold(_gold("d", 11, 12), {"citations": citations}) is covered


def test_a_wide_gold_range_is_narrowed_to_the_lines_holding_the_answer() -> None:
    gold = evaluation.DevQuestion("x", "q", "d", 10, 14, "300萬元", "zh-TW", False)
    lines = [""] * 9 + ["標題", "補助上限", "300 萬元", "其他說明", "聯絡窗口"]
    assert evaluation.answer_lines(gold, lines) == (12, 12)
    assert evaluation.cites_gold(gold, {"citations": [{"doc": "d", "line_start": 11, "line_end": 12}]}, lines)
    assert not evaluation.cites_gold(gold, {"citations": [{"doc": "d", "line_start": 10, "line_end": 11}]}, lines)


def test_an_unanswerable_question_needs_no_citation() -> None:
    assert evaluation.cites_gold(_gold(None, None, None), {"citations": []})


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


@pytest.mark.parametrize(("question", "asks"), [
    ("年輕人想創業，有什麼從優、從簡、從速的貸款可以申請？", True),  # a longer qualifier
    ("公司財務出問題，想請顧問幫忙盤點，可以用哪一項服務？", False),  # one measure: its name, not a list
    ("被美國關稅影響的中小微企業，有哪個貸款加碼可以申請？", False),
])
def test_which_measures_wording_lists_only_for_a_plural_question(question: str, asks: bool) -> None:
    assert measures.asks_measures(question) is asks
    assert answer.asks_name(question)


@pytest.mark.parametrize(("question", "focus"), [
    ("ECFA資訊網站到目前有多少人次瀏覽過？", "number"),  # a count, though it names a website
    ("經濟部是從哪一年開始成立服務團的？", "year"),  # the year, though 開始 cues a date
    ("工廠一年要付多少電費？", "amount"),
    ("貸款利率是多少？", "percent"),
    ("服務中心專線幾點到幾點有人接電話？", "time"),  # the hours, though it ends on 電話
    ("What are the service hours of the hotline?", "time"),
    ("In which month each year must the request be filed?", "date"),
    ("中堅企業每年幾月要提出申請？", "date"),
    ("What is the most a single case can borrow?", "amount"),
    ("他們的地址在哪裡？", "address"),
    ("What is the address of the service team?", "address"),
    ("What is the e-mail address of the service team?", "email"),  # an e-mail address is an e-mail
    ("線上受理網址是哪一個？", "url"),  # which one of a kind of address is still that kind
    ("協商是哪幾天開的？", "date"),
    ("度量衡器檢查的不合格率是多少？", "percent"),  # a rate asked
    ("貸款額度最高可以到推廣計畫經費的多少？", "percent"),  # a share of a whole
    ("貸款利率是多少？", "percent"),
])
def test_the_focus_kind_of_a_question(question: str, focus: str) -> None:
    text = answer.q.check_query(question)
    assert answer.asked_value_kinds(text, answer.q.expand(text))[0] == focus


@pytest.mark.parametrize(("text", "name"), [
    ("（四） 青年創業優惠貸款：對於貸款金額 100 萬元以下的新貸案", "青年創業優惠貸款"),
    ("說明如下。\n（四） 推動小型企業創新研發計畫(SBIR)：為提升研發能量", "小型企業創新研發計畫(SBIR)"),
    ("2、辦理示範說明會：共 12 場", None),
    ("貸款期限：10年", None),
])
def test_a_report_item_names_its_programme(text: str, name: str | None) -> None:
    assert answer.labelled_name(text) == name


def test_a_rare_qualifier_outweighs_common_words() -> None:
    parts = spans.read_clauses("核准對中國大陸投資 328 件，投資金額 30.4 億美元。\n對新加坡投資 12 件，投資金額 9.6 億美元。\n")
    grams = set(analysis.bigrams(analysis.normalize("對新加坡的投資金額是多少")))
    common = {g: 0.5 for g in grams}
    weights = {**common, "新加": 2.5, "加坡": 2.5}
    weighted = spans.best_run(parts, grams, ["amount"], gram_weights=weights)
    assert weighted is not None and "新加坡" in spans.run_text(parts, weighted)


@pytest.mark.parametrize(("question", "unit"), [
    ("112年核准僑外投資件數？", "件"), ("培訓班的受訓人數是多少？", "人"),
    ("替代役最多能配到研發人數的多少比例？", None),  # a share of a count, not the count
])
def test_a_count_noun_asks_in_its_counter(question: str, unit: str | None) -> None:
    assert spans.asked_unit(question) == unit


@pytest.mark.parametrize(("question", "unit"), [
    ("有多少款產品通過驗證？", "款"),  # models counted, not money
    ("政府輔導款上限是多少？", None), ("得獎可以拿到多少獎金？", "元"), ("每人要付多少補助款？", "元"),
])
def test_kuan_and_jin_are_money_only_after_another_word(question: str, unit: str | None) -> None:
    assert spans.asked_unit(question) == unit


def test_a_share_of_a_whole_asks_a_percent() -> None:
    text = answer.q.check_query("設備購置費最多可以編到總經費的多少？")
    assert answer.asked_value_kinds(text, answer.q.expand(text))[0] == "percent"


def test_a_western_year_before_latin_words_is_not_a_count() -> None:
    assert "number" not in spans.span_kinds("舉辦「2020 年示範論壇」（2020 Demo Business Forum")
    assert "number" in spans.span_kinds("吸引 61 家廠商")


@pytest.mark.parametrize(("text", "duration"), [("審查結果 2小時內回覆", True), ("每堂課程 3小時", False)])
def test_hours_are_a_duration_only_as_a_time_limit(text: str, duration: bool) -> None:
    assert ("duration" in spans.span_kinds(text)) is duration


@pytest.mark.parametrize(("kinds", "unit", "quote", "declines"), [
    (("amount",), "元", "受理示範申請案 3萬 2,100件", True),
    (("amount",), "元", "每人補助 1,400 元", False),
    (("time",), None, "以 0800-000-111 免付費專線提供服務", True),
    (("time",), None, "服務時間 08:30 至 17:30", False),
    (("number",), "件", "共辦理 12 場", False),  # a count is not asked so plainly
    (("url",), None, "產業聯盟 受理網址", True),
    (("url",), None, "受理網址 https://example.org.tw", False),
    (("address",), None, "服務專線 0800-000-111", True),
    (("address",), None, "1.地址：臺北市中正區忠孝東路一段 12-3 號 1樓", False),
    (("time",), None, "用戶能在 15 時至 22 時選擇時段", False),
])
def test_a_plainly_asked_value_the_span_lacks_declines(
    kinds: tuple[str, ...], unit: str | None, quote: str, declines: bool,
) -> None:
    from fudao.search.index import Record

    draft = answer.Draft(Record("d", "", 1, 1, quote), quote, None, 1.0, 0.0, kinds, unit)
    assert answer.misses_asked_value(draft) is declines


def test_phrasing_bigrams_no_passage_has_do_not_dilute_the_qualifiers(corpus_db) -> None:
    ix = answer.get_index()
    grams = set(analysis.bigrams(analysis.normalize("核准僑外投資中，德國投資了多少？")))
    weights = answer.gram_weights(ix, grams)
    with_phrasing = answer.gram_weights(ix, grams | {"資了", "了多"})
    assert with_phrasing["德國"] == pytest.approx(weights["德國"])


def test_a_website_a_firm_runs_is_not_a_website_asked_for() -> None:
    text = answer.q.check_query("我們做網站平台的，聽說持股有放寬，放寬到多少？")
    assert "url" not in answer.asked_value_kinds(text, answer.q.expand(text))


def test_callers_phrasing_is_no_subject() -> None:
    from fudao.search.coverage import question_words

    words = question_words("我想親自跑一趟，聽說老闆要幫忙，目前為止知道的事情")
    assert not words, words


@pytest.mark.parametrize(("question", "unit"), [
    ("收的青年，年齡要在什麼範圍？", "歲"),
    ("參加的人要幾歲以上？", "歲"),
    ("補助幾年？", "年"),
])
def test_an_age_is_asked_in_years_of_age(question: str, unit: str) -> None:
    assert spans.asked_unit(analysis.normalize(question)) == unit


@pytest.mark.parametrize(("asking", "attribute"), [
    ("保證手續費率是多少？", "手續費率"),
    ("出口的比重是多少？", "比重"),  # the head after 的
    ("申請截止日是什麼時候？", "請截止日"),  # a named date
    ("第一次開會是哪一天？", None),  # a date asked of an event names no attribute
    ("一共分為幾大類？", None),  # 分為 is a verb, not the copula
    ("每一家最多可以補多少？", None),  # no copula: nothing named
])
def test_the_attribute_a_question_names(asking: str, attribute: str | None) -> None:
    assert attributes.asked_attribute(asking) == attribute


@pytest.mark.parametrize(("context", "stated", "named"), [
    ("保證成數最高九成", {"percent"}, False),  # a share, not the fee rate asked
    ("保證手續費率最低 0.5%", {"percent"}, True),
])
def test_a_span_answers_only_an_attribute_its_passage_names(context: str, stated: set[str], named: bool) -> None:
    assert attributes.names_attribute("手續費率", context, stated, {}) is named


def test_a_generic_attribute_is_answered_by_its_kind_of_value() -> None:
    assert attributes.names_attribute("聯絡電話", "服務窗口 0800-123-456", {"phone"}, {})
    assert not attributes.names_attribute("聯絡電話", "補助上限 6 萬元", {"amount"}, {})


@pytest.mark.parametrize(("question", "unit"), [
    ("每一家最多可以補多少？", "元"),  # a subsidy's verb before 多少 asks money
    ("補助多少家廠商？", "家"),  # a counter after it still counts
])
def test_a_subsidy_asked_by_its_verb_is_money(question: str, unit: str) -> None:
    assert spans.asked_unit(analysis.normalize(question)) == unit


@pytest.mark.parametrize(("question", "part"), [
    ("幾家公司聯合申請，是不是每一家都要有登記？", "是不是每一家都要有登記？"),  # 幾家 is context, not asked
    ("土地是用賣的還是租的？", "土地是用賣的還是租的？"),
    ("補助上限是多少？", None),
    ("可以補助多少嗎？", None),  # a figure asked, even worded as yes/no
])
def test_the_part_a_yes_no_question_asks(question: str, part: str | None) -> None:
    assert answer.yes_no_part(question) == part


def test_a_yes_no_question_prefers_the_clause_stating_the_rule() -> None:
    parts = spans.read_clauses("園區由公司開發，場地只租不賣，每年辦理 3 場說明會。本方案不發給獎勵金。")
    assert answer.rule_evidence(parts, "土地是用賣的還是租的？") == [0.0, answer.RULE_BONUS, 0.0, 0.0]
    # the question's own words negated state the rule too
    assert answer.rule_evidence(parts, "會不會發給獎勵金？")[-1] == answer.RULE_BONUS
    assert answer.rule_evidence(parts, None) is None


@pytest.mark.parametrize(("question", "count"), [
    ("第1階段選出來的5項亮點產業是哪幾個？", 5),
    ("四大措施是哪些？", 4),
    ("What are the six measures of the programme?", 6),
    ("文件裡舉了哪幾種產業當例子？", 0),  # a list, its length not said
    ("這個計畫是哪一年開始的？", None),  # one thing asked, not a list
    ("第12次協商是哪幾天開的？", None),  # days asked: a date
    ("What are the service hours?", None),
])
def test_a_list_question_and_the_count_it_says(question: str, count: int | None) -> None:
    assert answer.asked_list_count(question) == count


@pytest.mark.parametrize(("clause", "items"), [
    ("篩選出甲產業、乙產業、丙產業及丁產業等 4 項；", 4),
    ("3、本年選定茶葉、陶藝及木雕等 3 項", 3),  # the paragraph's number is no item
    ("(比較110年全年、111年上半年、或112年1月)", 0),  # periods, not names
    ("本方案不發給獎勵金。", 0),
])
def test_the_named_items_a_clause_lists(clause: str, items: int) -> None:
    assert answer.listed_items(clause) == items


def test_a_list_question_prefers_the_clause_listing_as_many_items_as_it_says() -> None:
    parts = spans.read_clauses("分 2 階段選取示範產業，第 1 階段選出甲產業、乙產業及丙產業等 3 項；另有丁、戊兩項。")
    evidence = answer.list_evidence(parts, 3)
    assert evidence is not None
    assert evidence.index(max(evidence)) == 1 and max(evidence) == answer.LIST_BONUS + answer.LIST_COUNT_BONUS


def test_a_rule_on_the_firms_situation_weighs_more() -> None:
    parts = spans.read_clauses("申請者須為本國法人(不含外國法人的分支機構)，並須檢附申請書。")
    question = "我們是外國法人的分支機構，可以申請嗎？"
    evidence = answer.rule_evidence(parts, answer.yes_no_part(question), question)
    assert evidence[0] == answer.RULE_BONUS * (1 + answer.SITUATION_SHARE)
    assert evidence[1] == answer.RULE_BONUS  # a rule, not about the situation


def test_a_chinese_questions_kinds_come_from_its_own_words_not_its_synonyms() -> None:
    # the expansion adds 聯絡窗口 for 找誰 and 投資金額 for 投資: neither is asked here
    text = answer.read_question("在台灣沒有住所，辦投資申報要找誰當代理人？")
    assert "phone" not in answer.asked_value_kinds(text, q.expand(text))
    assert "amount" not in answer.asked_value_kinds(text, q.expand(text))
