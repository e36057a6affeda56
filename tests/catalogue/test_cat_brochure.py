"""The brochure extractor (003) and the data-declared measures (004)."""

from __future__ import annotations

import pytest

from fudao.catalogue.extract import brochure, declared, extract_all


@pytest.fixture(scope="module")
def drafts(corpus_dir):
    path = next(corpus_dir.glob("003_*.txt"))
    return {d.slug: d for d in brochure.extract(path.read_text("utf-8").splitlines(), path.stem)}


def test_detailed_measures_have_fixed_slugs_and_agencies(drafts):
    expected = {
        "export-loan-guarantee-plus": "經濟部中小及新創企業署",
        "smb-diverse-loan-plus": "經濟部中小及新創企業署",
        "rd-transformation-grant": "經濟部產業發展署",
        "managed-factory-rd-grant": "經濟部產業發展署",
        "overseas-orders-grant": "經濟部國際貿易署",
    }
    assert {slug: drafts[slug].fields["agency"] for slug in expected} == expected


def test_the_plan_list_gives_facets_and_merges_into_detailed_measures(drafts):
    assert drafts["smb-diverse-loan-plus"].fields["facet"] == "金融支持"
    assert "中小微企業貸款加碼" in drafts["smb-diverse-loan-plus"].fields["aliases"]
    listed = [d for d in drafts.values() if d.fields["facet"] == "安定就業"]
    assert len(listed) == 4


def test_guarantee_figures_keep_who_they_apply_to(drafts):
    benefits = drafts["export-loan-guarantee-plus"].fields["benefits"]
    caps = {(b["applies_to"], b["value"]) for b in benefits if b["kind"] == "guarantee_cap"}
    assert caps == {("中小微企業", 60_000_000), ("非中小微企業", 100_000_000)}
    ratios = {(b["applies_to"], b["value"]) for b in benefits if b["kind"] == "guarantee_ratio"}
    assert ("中小微企業", 95.0) in ratios


def test_grant_caps_per_case_and_per_alliance(drafts):
    kinds = {(b["kind"], b["value"]) for b in drafts["rd-transformation-grant"].fields["benefits"]}
    assert {("cap_per_case", 5_000_000), ("cap_per_alliance", 40_000_000)} <= kinds
    window = drafts["rd-transformation-grant"].fields["window"]
    assert window["start"] == "2025-08-07" and window["is_open_ended"] is True


def test_declared_measures_are_located_by_their_anchor(corpus_dir):
    path = next(corpus_dir.glob("004_*.txt"))
    lines = path.read_text("utf-8").splitlines()
    found = {d.slug: d for d in declared.extract(lines, path.stem)}
    assert set(found) == {"small-mfg-upgrade-grant", "mfg-post-pandemic-revival"}
    small = found["small-mfg-upgrade-grant"]
    assert "升級轉型補助" in lines[small.line_start - 1]
    assert small.sources["benefits"]["doc"] == path.stem


def test_declared_measures_stay_out_of_other_documents():
    assert declared.extract(["中小型製造業(經常僱用員工數 9 人以下)升級轉型補助"], "777_other") == []


BROCHURE = """# 測試貸款加碼(中企署)

## 申請資格

- ▶ 依法登記之中小企業

## 貸款額度

▶ 每家最高**1,000**萬元

## 收件日期

▶ 自民國115年3月1日起受理至經費用罄為止

## 服務窗口

測試中心 0800-123-456
"""


def test_a_small_brochure_written_for_the_test():
    [draft] = extract_all(BROCHURE.splitlines(), "902_test")
    assert draft.fields["agency"] == "經濟部中小及新創企業署"
    assert draft.fields["instrument"] == "loan"
    assert [(b["kind"], b["value"]) for b in draft.fields["benefits"]] == [("loan_cap", 10_000_000)]
    assert draft.fields["contacts"][0]["org"] == "測試中心"
    assert draft.fields["window"]["start"] == "2026-03-01"


def test_a_listed_measure_keeps_its_number_and_the_heading_it_is_listed_under(corpus_dir, drafts):
    lines = next(corpus_dir.glob("003_*.txt")).read_text("utf-8").splitlines()
    by_name = {d.name: d for d in drafts.values()}
    for name, label, group in [("擴大抵減適用", "措施10", "租稅優惠"), ("主動訪視衝擊", "措施11", "安定就業"),
                               ("受衝擊再就業", "措施13", "安定就業"), ("外銷貸款優惠保證加碼", "措施3", "金融支持"),
                               ("AI診斷與輔導", "階段一", "產業競爭力輔導團")]:
        draft = by_name[name]
        assert draft.name == name, "the name stays the document's own"
        assert draft.fields["listing"] == {"label": label, "group": group}
        src = draft.sources["listing"]
        item, heading = lines[src["line_start"] - 1], lines[src["heading_line"] - 1]
        assert name in item and label.removeprefix("階段") in item, item
        assert heading.lstrip("# ").strip() == group, "the cited heading is the group's"
        level = len(heading) - len(heading.lstrip("#"))
        between = lines[src["heading_line"]:src["line_start"] - 1]
        assert not any(0 < len(x) - len(x.lstrip("#")) <= level for x in between), "no other group in between"
    assert drafts["managed-factory-rd-grant"].fields.get("listing") is None, "a measure no list numbers has none"


def test_a_written_list_gives_its_items_their_place():
    text = "# 方案\n\n### 稅務減免\n\n**措施1.** 抵減擴大\n\n**措施2.** 加速折舊\n\n### 就業\n\n**措施3.** 訪視關懷\n"
    listed = {d.name: (d.fields["listing"], d.sources["listing"]["line_start"], d.sources["listing"]["heading_line"])
              for d in extract_all(text.splitlines(), "903_test")}
    assert listed == {"抵減擴大": ({"label": "措施1", "group": "稅務減免"}, 5, 3),
                      "加速折舊": ({"label": "措施2", "group": "稅務減免"}, 7, 3),
                      "訪視關懷": ({"label": "措施3", "group": "就業"}, 11, 9)}
