"""The field-form extractor: on the handbook (002) and on small forms written for the tests."""

from __future__ import annotations

from collections import Counter

import pytest

from fudao.catalogue.extract import extract_all, forms


@pytest.fixture(scope="module")
def handbook(corpus_dir):
    path = next(corpus_dir.glob("002_*.txt"))
    return path.read_text("utf-8").splitlines(), path.stem


@pytest.fixture(scope="module")
def drafts(handbook):
    return {d.slug: d for d in forms.extract(*handbook)}


def test_every_form_of_the_handbook_is_found_once(drafts, handbook):
    lines, _ = handbook
    names = [line.split("輔導措施名稱", 1)[1].strip() for line in lines if "輔導措施名稱" in line]
    assert len(drafts) == 42
    assert sorted(d.name for d in drafts.values()) == sorted(names)


def test_facets_follow_the_handbook_sections(drafts):
    counts = Counter(d.fields["facet"] for d in drafts.values())
    assert counts == {"人才": 10, "技術": 5, "智財": 3, "品牌行銷": 12, "其他": 12}


def test_rule_bearing_measures_get_their_fixed_slugs(drafts):
    assert {"youth-employment-flagship", "industry-boost-training", "commerce-service-value"} <= set(drafts)


def test_contacts_keep_units_persons_and_extensions(drafts):
    youth = drafts["youth-employment-flagship"]
    phones = {(c["org"], c["phone"], c["ext"]) for c in youth.fields["contacts"]}
    assert ("勞動力發展署桃竹苗分署", "03-485-5368", "316") in phones
    assert len(phones) == 6
    src = youth.sources["contacts"]
    assert youth.line_start < src["line_start"] <= src["line_end"] <= youth.line_end


def test_benefits_are_numbers_with_their_kind(drafts):
    youth = drafts["youth-employment-flagship"].fields["benefits"]
    assert {"kind": "cap_per_person", "value": 45000} in [{"kind": b["kind"], "value": b["value"]} for b in youth]
    boost = drafts["industry-boost-training"].fields["benefits"]
    scoped = {(b["applies_to"], b["value"]) for b in boost if b["unit"] == "TWD"}
    assert ("中堅企業", 2_000_000) in scoped and ("一般企業", 950_000) in scoped


def test_yearly_recurring_window_keeps_its_wording(drafts):
    window = drafts["industry-boost-training"].fields["window"]
    assert window["recurring"] is True
    assert "經常性業務" in window["text"]


FORM = """一、人才面
 (一)測試分類
輔導措施名稱 測試補助計畫

輔導措施簡介
協助測試廠商提升能力。

提供服務項目

¢輔導補助：
●輔導補助對象：依法登記之公司。
●輔導補助經費：每案補助上限 100 萬元。
●申請期間：115年 1月 1日至 115年 6月 30日。

聯絡方式

主辦
機關

經濟部
工業局

承辦人 王先生
聯絡
電話

(02)1234-5678#99

相關網站 無
"""


def test_a_form_missing_a_field_yields_a_flagged_draft():
    [draft] = extract_all(FORM.splitlines(), "900_test")
    assert draft.name == "測試補助計畫"
    assert draft.fields["agency"] == "經濟部產業發展署"
    assert draft.fields["window"]["start"] == "2026-01-01"
    assert draft.fields["window"]["end"] == "2026-06-30"
    assert "缺少欄位：中堅企業優惠方式" in draft.review_flags
    cited = FORM.splitlines()[draft.sources["window"]["line_start"] - 1]
    assert cited.startswith("●申請期間")


def test_contradictory_caps_are_flagged():
    text = FORM.replace("●申請期間", "●服務經費：每案補助上限 80 萬元。\n●申請期間")
    [draft] = extract_all(text.splitlines(), "900_test")
    assert any(flag.startswith("金額不一致") for flag in draft.review_flags)


def test_a_document_without_measures_yields_none():
    assert extract_all(["第一章 總則", "", "本報告說明年度業務。"], "901_test") == []


def test_hosts_of_other_ministries_get_their_full_names(drafts):
    agencies = {slug: d.fields["agency"] for slug, d in drafts.items()}
    # 002 writes the same host as 勞動力發展署 in one form and 勞動部/勞動力發展署 in the next
    assert agencies["youth-employment-flagship"] == agencies["industry-boost-training"] == "勞動部勞動力發展署"
    assert {"教育部", "內政部役政署"} <= set(agencies.values())
