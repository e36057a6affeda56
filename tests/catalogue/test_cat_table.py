"""The table extractor (000): plan table by category and agency, and the contact table."""

from __future__ import annotations

from fudao.catalogue.extract import table


def test_corpus_tables(corpus_dir):
    path = next(corpus_dir.glob("000_*.txt"))
    drafts = table.extract(path.read_text("utf-8").splitlines(), path.stem)
    by_name: dict[str, list] = {}
    for d in drafts:
        by_name.setdefault(d.name, []).append(d)
    assert len(drafts) > 150
    assert len({d.slug for d in drafts}) == len(drafts)
    wrapped = by_name["協助中小企業升級轉型輔導"][0]
    assert wrapped.fields["agency"] == "經濟部中小及新創企業署"
    assert [c["phone"] for c in wrapped.fields["contacts"]] == ["02-2366-2337", "02-2366-2324"]
    # a measure named on two rows (two agencies' windows) is one measure with both contacts
    (twice,) = by_name["衝擊產業個別調整輔導"]
    assert [c["org"] for c in twice.fields["contacts"]] == ["經濟部產業技術司", "經濟部產業發展署"]
    # industry rows are no measures: they are the directory of the measure their label names
    assert "紡織產業" not in by_name and "美容及美髮業" not in by_name
    (directory,) = by_name["產業升級轉型輔導"]
    industries = [e["industry"] for e in directory.fields["contact_directory"]]
    assert len(industries) == 17 and "印刷產業" in industries and "經銷業" in industries


TABLE = """附件、輔導資源

類別 計畫名稱 主政單位

財務融通 測試融資保證計畫 中小企業處

人力資源 測試人才培訓計畫-
第二期 工業局

二、下一節
"""


def test_a_table_written_for_the_test():
    drafts = table.extract(TABLE.splitlines(), "903_test")
    assert [(d.name, d.fields["agency"]) for d in drafts] == [
        ("測試融資保證計畫", "經濟部中小及新創企業署"),
        ("測試人才培訓計畫-第二期", "經濟部產業發展署"),
    ]
    assert drafts[1].sources["name"] == {"doc": "903_test", "line_start": 7, "line_end": 8}
    assert drafts[0].fields["instrument"] == "guarantee"
