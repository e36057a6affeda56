"""The catalogue's truth on the corpus: freshness, one measure per programme, the contact directory."""

from __future__ import annotations

from datetime import date

from fudao.catalogue import services
from fudao.catalogue.extract.table import is_industry
from fudao.catalogue.freshness import state_label, window_state
from fudao.catalogue.selectors import contacts_for_industry

ON = date(2026, 11, 22)


def test_window_states_from_window_and_source_date():
    old, recent = date(2016, 1, 1), date(2026, 1, 19)
    ended = {"start": None, "end": "2016-06-30", "is_open_ended": False, "recurring": False}
    ongoing = {"start": "2025-08-07", "end": None, "is_open_ended": True, "recurring": False}
    yearly = {"start": None, "end": None, "is_open_ended": False, "recurring": True, "yearly_months": None}
    assert window_state(ended, recent, ON) == "closed"
    assert window_state(ongoing, recent, ON) == "open"
    assert window_state(None, recent, ON) == "not_stated"
    assert window_state(None, old, ON) == "unconfirmed"
    assert window_state(ongoing, old, ON) == "unconfirmed"  # 隨時 in an old document
    assert window_state(yearly, old, ON) == "unconfirmed"
    assert window_state(None, date(2025, 6, 1), ON, limit=18) == "not_stated"
    assert window_state(None, date(2025, 4, 1), ON, limit=18) == "unconfirmed"
    assert state_label("unconfirmed", None, old, ON) == "資料日期 民國105年，請向承辦單位確認是否仍受理"
    assert "民國105年6月30日" in state_label("closed", ended, old, ON)


def test_no_industry_row_is_a_measure_and_the_directory_finds_them(corpus_db):
    every = services.list_measures(include_all=True)["measures"]
    from_000 = [m for m in every if m["document"]["doc"].startswith("000")]
    assert from_000 and not [m["name"] for m in from_000 if is_industry(m["name"])]
    found = contacts_for_industry("我是印刷業，衝擊產業調整輔導要找誰")
    assert [(c["industry"], c["phone"], c["ext"]) for c in found] == [("印刷產業", "02-2754-1255", "2332")]
    assert found[0]["measure_id"] in {m["id"] for m in every}
    assert contacts_for_industry("我開美髮店")[0]["ext"] == "763"
    assert contacts_for_industry("今天天氣很好") == []


def test_a_programme_is_one_measure_with_every_source(corpus_db):
    every = services.list_measures(include_all=True)["measures"]
    names = [m["name"] for m in every]
    assert names.count("衝擊產業個別調整輔導") == 1
    twice = next(m for m in every if m["name"] == "衝擊產業個別調整輔導")
    assert {(c["phone"], c["ext"]) for c in twice["contacts"]} == {("02-2321-2200", "123"), ("02-2754-1255", "2214")}
    platform = [m for m in every if m["name"] == "產業升級創新平台輔導計畫"]
    assert len(platform) == 1
    assert platform[0]["document"]["doc"].startswith("002")  # the newer document leads
    assert [h["doc"][:3] for h in platform[0]["history"]] == ["000"]
    assert len([m for m in every if "品牌" in m["name"] and "發展計畫第二期" in m["name"]]) == 1


def test_every_003_stage_and_service_is_a_measure(corpus_db):
    names = {m["name"] for m in services.list_measures(include_all=True)["measures"]}
    for wanted in ("AI診斷與輔導", "AI應用導入", "研發轉型補助", "債務協商個案處理", "融資診斷個案處理",
                   "提供AI試製場域", "輔導產業技術升級"):
        assert wanted in names


def test_facets_by_content_and_labelled_benefits(corpus_db):
    every = services.list_measures(include_all=True)["measures"]
    assert sum(1 for m in every if m["facet"] == "其他") < len(every) // 10
    loan = services.get_measure("smb-diverse-loan-plus")
    cut = next(b for b in loan["benefits"] if b["kind"] == "interest_rate_cut")
    assert cut["term"] == "最長6個月"
    assert any(b["kind"] == "loan_term" for b in loan["benefits"])
