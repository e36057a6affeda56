"""On the ministry's corpus: dev questions are found, and the evaluation returns sane figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fudao.search import evaluation
from fudao.search.services import ask, search

# One question per document and language, taken from the dev set by id.
SAMPLE_IDS = ["d013", "d031", "d041", "d061", "d075", "d082", "d092", "d105", "d112"]


def dev_by_id() -> dict[str, evaluation.DevQuestion]:
    return {d.id: d for d in evaluation.load_dev()}


@pytest.mark.parametrize("qid", SAMPLE_IDS)
def test_dev_question_is_found_in_the_top_ten(corpus_db: Path, qid: str) -> None:
    gold = dev_by_id()[qid]
    hits = search(gold.question, k=10).hits
    ranked = [(h.doc, h.line_start, h.line_end) for h in hits]
    assert evaluation.first_hit_rank(ranked, gold) is not None, (gold.question, ranked[:3])


def test_doc_filter_keeps_to_one_document(corpus_db: Path) -> None:
    stem = "003_83f839b7bfa6266d"
    hits = search("貸款", k=20, doc=stem).hits
    assert hits and {h.doc for h in hits} == {stem}


def test_every_answer_is_cited_within_its_passage_lines(corpus_db: Path) -> None:
    result = ask("研發轉型補助的收件日期？").to_dict()
    (cite,) = result["citations"]
    assert cite["doc"] == "003_83f839b7bfa6266d"
    assert cite["line_start"] <= cite["line_end"]
    assert "114" in result["answer"]


def test_dev_set_is_well_formed() -> None:
    dev = evaluation.load_dev()
    assert len(dev) >= 100
    langs = [d.lang for d in dev]
    assert langs.count("en") >= 10 and langs.count("zh-CN") >= 10
    assert sum(d.answer is None for d in dev) >= 8
    assert sum(d.paraphrase for d in dev) >= len(dev) / 3
    assert {d.doc for d in dev if d.doc} >= {
        "000_faf2c9a62d3a6199", "001_a0d39b9abeb66ba6", "002_45bc8db0303d28b9",
        "003_83f839b7bfa6266d", "004_1fec22adc770f154",
    }


def test_evaluation_returns_metrics_in_range(corpus_db: Path, tmp_path: Path) -> None:
    dev = evaluation.load_dev()
    subset = [d for d in dev if d.answer is None][:2] + [d for d in dev if d.answer][:8]
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(d.__dict__, ensure_ascii=False) for d in subset), encoding="utf-8")
    figures = evaluation.evaluate(path)
    assert figures["questions"] == 10 and figures["answerable"] == 8
    for key in ("recall@1", "recall@5", "recall@10", "mrr@10", "answer_accuracy", "answers_cited"):
        assert 0.0 <= figures[key] <= 1.0
    assert figures["recall@1"] <= figures["recall@5"] <= figures["recall@10"]


def test_gold_lines_hold_the_gold_answers(corpus_dir: Path) -> None:
    for d in evaluation.load_dev():
        if d.doc is None or d.answer is None:
            continue
        lines = (corpus_dir / f"{d.doc}.txt").read_text(encoding="utf-8").splitlines()
        assert d.line_start is not None and d.line_end is not None
        text = "".join(lines[d.line_start - 1 : d.line_end])
        assert evaluation.answer_key(d.answer) in evaluation.answer_key(text), d.id


@pytest.mark.parametrize(("question", "name", "doc"), [
    ("運用替代役延攬研發人才是哪一項措施？", "運用替代役支持：", "002_45bc8db0303d28b9"),
    # a report's own programme, which the catalogue does not hold
    ("剛出社會的年輕人創業，借100萬元以內，有什麼從優從簡的貸款可以申請？", "青年創業優惠貸款", "004_1fec22adc770f154"),
])
def test_a_which_measure_question_is_answered_with_the_measure_name(
    corpus_db: Path, question: str, name: str, doc: str,
) -> None:
    result = ask(question).to_dict()
    assert result["answer"].startswith(name)
    assert result["citations"][0]["doc"] == doc


def test_a_time_of_day_question_gets_the_hours_not_the_phone(corpus_db: Path) -> None:
    result = ask("產業競爭力發展中心的諮詢專線服務時間是幾點到幾點？").to_dict()
    assert "08:30" in result["answer"]


def test_a_which_measures_question_names_the_catalogue_measures_with_citations(corpus_db: Path) -> None:
    from fudao.catalogue.services import published_measures

    assert published_measures(), "the corpus ingest published no measures"
    result = ask("受美國關稅影響的中小企業可以申請什麼貸款？").to_dict()
    names = [m["name"] for m in result["measures"]]
    assert any("貸款" in n for n in names), names
    assert all(n in result["answer"] for n in names)
    assert len(result["citations"]) == len(result["measures"]) and all(c["quote"] for c in result["citations"])


@pytest.mark.parametrize("question", ["研發轉型補助的執行單位電話是多少？", "外銷貸款優惠保證加碼的保證成數是多少？"])
def test_a_question_naming_a_measure_is_answered_from_its_lines(corpus_db: Path, question: str) -> None:
    from fudao.search.answer import named_extents
    from fudao.search.directory import named_measures
    from fudao.search.index import Record
    from fudao.search.measures import overlaps

    (extent,) = named_extents(named_measures(question))
    (cite,) = ask(question).to_dict()["citations"]
    assert overlaps(Record(cite["doc"], "", cite["line_start"], cite["line_end"], ""), [extent])



def test_a_table_cell_is_answered_by_its_row_and_column(corpus_db: Path) -> None:
    result = ask("技術處104年的產業輔導經費是多少？").to_dict()
    assert result["answer"].startswith("技術處 104年：174.2")
    (cite,) = result["citations"]
    assert cite["doc"] == "000_faf2c9a62d3a6199" and "174.2" in cite["quote"]


def test_an_english_question_names_its_roc_year_as_a_bare_number(corpus_db: Path) -> None:
    result = ask("How much new private investment was there in 101?").to_dict()
    assert "11,078" in result["answer"]
    (cite,) = result["citations"]
    assert cite["doc"].startswith("001_") and "11,078" in cite["quote"]


def test_a_simplified_question_is_read_as_its_traditional_twin(corpus_db: Path) -> None:
    simplified = ask("做体育服务的公司要借营运资金，信保基金和体委会合办的是哪个贷款？").to_dict()
    traditional = ask("做體育服務的公司要借營運資金，信保基金和體委會合辦的是哪個貸款？").to_dict()
    assert simplified == traditional
    assert simplified["answer"].startswith("火金姑")  # the loan's name, as "which loan" asks
