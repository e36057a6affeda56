"""search() and ask() over the demo document ingested through the real pipeline."""

from __future__ import annotations

import pytest

from fudao.search.answer import NOT_FOUND
from fudao.search.services import QueryError, ask, search


def lines_of(hits: list, needle: str) -> list:
    return [h for h in hits if needle in h.text]


def test_simplified_query_finds_traditional_text(demo_db: str) -> None:
    hits = search("外销贷款优惠保证", k=5, doc=demo_db).hits
    assert lines_of(hits, "外銷貸款優惠保證")


def test_ad_year_finds_roc_year(demo_db: str) -> None:
    hits = search("2023 核定補助", k=3, doc=demo_db).hits
    assert hits and "112年" in hits[0].text


def test_former_agency_name_finds_current_name(demo_db: str) -> None:
    hits = search("工業局", k=3, doc=demo_db).hits
    assert hits and "產業發展署" in hits[0].text


def test_bigrams_match_unknown_words(demo_db: str) -> None:
    hits = search("鱻龘", k=3, doc=demo_db).hits
    assert hits and "鱻龘" in hits[0].text


def test_english_query_finds_chinese_passage(demo_db: str) -> None:
    hits = search("export loan guarantee hotline", k=3, doc=demo_db).hits
    assert hits and "0800-123-456" in hits[0].text


def test_unrelated_query_finds_nothing_in_the_document(demo_db: str) -> None:
    assert search("半導體晶圓", k=5, doc=demo_db).hits == []


def test_hits_cite_original_lines(demo_db: str) -> None:
    from fudao.documents.models import DocumentVersion

    hit = search("海洋牧場", k=1, doc=demo_db).hits[0]
    version = DocumentVersion.objects.get(document__stem=demo_db, is_current=True)
    original = "\n".join(version.lines(hit.line_start, hit.line_end))
    assert "海洋牧場" in original
    assert hit.to_dict() if hasattr(hit, "to_dict") else True
    assert set(search("海洋牧場", k=1, doc=demo_db).to_dict()["hits"][0]) == {
        "doc", "section", "line_start", "line_end", "text", "score",
    }


def test_k_caps_the_number_of_hits(demo_db: str) -> None:
    assert len(search("補助", k=1, doc=demo_db).hits) == 1


def test_unknown_document_is_refused(demo_db: str) -> None:
    with pytest.raises(QueryError, match="找不到文件"):
        search("補助", doc="no_such_document")


@pytest.mark.parametrize("bad", ["", "？？？", "x" * 20000, "a\x07b"])
def test_service_refuses_bad_queries(demo_db: str, bad: str) -> None:
    with pytest.raises(QueryError):
        search(bad)
    with pytest.raises(QueryError):
        ask(bad)


def test_ask_extracts_a_phone_number_with_its_line(demo_db: str) -> None:
    result = ask("外銷貸款優惠保證示範方案的諮詢專線是幾號？").to_dict()
    assert "0800-123-456" in result["answer"]
    (cite,) = result["citations"]
    assert cite["doc"] == demo_db
    from fudao.documents.models import DocumentVersion

    version = DocumentVersion.objects.get(document__stem=demo_db, is_current=True)
    assert "0800-123-456" in "\n".join(version.lines(cite["line_start"], cite["line_end"]))


def test_ask_extracts_a_date(demo_db: str) -> None:
    result = ask("青年數位人才培訓什麼時候開始受理申請？").to_dict()
    assert "114年3月1日" in result["answer"].replace(" ", "")
    assert result["citations"]


def test_ask_declines_when_nothing_matches(demo_db: str) -> None:
    result = ask("火星移民簽證的費用是多少？").to_dict()
    assert result == {"answer": NOT_FOUND, "citations": [], "measures": []} or (
        result["answer"] == NOT_FOUND and result["citations"] == []
    )


def test_an_answer_shown_with_its_name_cites_the_line_that_names_it(corpus_db):
    from fudao.search.services import ask

    result = ask("被美國關稅影響的中小微企業，有哪個貸款加碼可以申請週轉資金？")
    assert result.answer.startswith("中小微企業多元發展貸款加碼")
    (citation,) = result.citations
    assert citation.doc.startswith("003_")
    assert (citation.line_start, citation.line_end) == (241, 246), "the heading's line and the span's, one range"
    assert "#" not in citation.quote and "中小微企業多元發展貸款加碼" in citation.quote


def test_an_attribute_the_passage_never_names_is_declined(demo_db: str) -> None:
    # the programme states its guarantee share, never an interest rate
    assert ask("外銷貸款優惠保證示範方案的貸款利率是多少？").answer == NOT_FOUND
    stated = ask("外銷貸款優惠保證示範方案的保證成數是多少？")
    assert "九成" in stated.answer and stated.citations


@pytest.mark.parametrize(("question", "kind"), [
    ("青年數位人才培訓每位學員訓練費用補助上限是多少？", "amount"),
    ("海洋牧場示範計畫112年核定補助幾案？", "count"),
    ("外銷貸款優惠保證示範方案的諮詢專線電話是多少？", "phone"),
])
def test_an_answer_says_what_kind_of_answer_it_is(demo_db: str, question: str, kind: str) -> None:
    found = ask(question)
    assert found.kind == kind and found.to_dict()["kind"] == kind


def test_a_refusal_has_no_kind(demo_db: str) -> None:
    assert ask("外銷貸款優惠保證示範方案的貸款利率是多少？").to_dict()["kind"] is None
