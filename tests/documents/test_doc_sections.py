"""The section tree from the ministry's numbering and markdown headings."""

from __future__ import annotations

import itertools

from corpusfiles import corpus_path
from fudao.documents.pipeline import parse_document
from fudao.documents.repair import repair
from fudao.documents.sections import build_sections


def _tree(stem: str):
    path = corpus_path(stem)
    return parse_document(path, path.read_bytes()).tree


def test_top_level_sections_of_004_in_order():
    sections = _tree("004").sections
    assert (sections[0].style, sections[0].title) == ("title", "經濟部業務報告")
    top = [s for s in sections if s.level == 1 and s.style != "title"]
    assert [s.title for s in top] == [
        "工業", "商業", "中小及新創企業", "國營事業", "投資", "貿易", "淨零轉型",
        "產業園區", "標準及檢驗", "智慧財產權", "能源", "水利", "地質調查及礦業",
    ]
    assert [s.numbering for s in top][:3] == ["壹、", "貳、", "参、"]
    assert top[0].line_start == 11
    # each top-level section ends where the next begins
    for before, after in itertools.pairwise(top):
        assert before.line_end < after.line_start


def test_top_level_sections_of_002_in_order():
    sections = _tree("002").sections
    areas = [s for s in sections if s.level == 1 and s.style == "han"]
    assert [s.title for s in areas] == ["人才面", "技術面", "智財面", "品牌行銷面", "其他面"]
    # a list inside a measure's form (一、… 二、…) does not become a sibling of the areas
    assert all(s.title != "優先開辦企業包班" for s in sections if s.level == 1)


def test_the_lead_of_002_is_a_section_under_its_title_line():
    sections = _tree("002").sections
    lead = sections[0]
    assert (lead.style, lead.level, lead.title) == ("title", 1, "中堅企業服務團簡介")
    contact = next(s for s in sections if s.title == "持續關懷協助")
    assert contact.title_path == ["中堅企業服務團簡介", "持續關懷協助"]
    assert next(s for s in sections if s.title == "人才面").level == 1


def test_a_title_line_needs_a_body_and_no_clause_marks():
    assert build_sections(repair("壹、總說明\n一、範圍")).sections[0].style == "han_cap"
    assert build_sections(repair("本計畫說明如下，請參閱。\n一、範圍")).sections[0].style == "han"
    assert build_sections(repair("補助須知")).sections == []


def test_nested_levels_and_title_paths_of_004():
    sections = _tree("004").sections
    child = next(s for s in sections if s.title == "推動資訊及數位相關產業")
    assert child.level == 3
    assert child.numbering == "（一）"
    assert child.title_path[0] == "工業"
    assert sections[child.parent].level == 2


def test_markdown_headings_of_003():
    sections = _tree("003").sections
    assert sections[0].numbering == "#"
    assert sections[0].title == "製造業淨零及公正轉型政策"
    assert any(s.title.startswith("外銷貸款優惠保證加碼") for s in sections)
    nested = next(s for s in sections if s.numbering == "###")
    assert nested.level > 1


def test_false_headings_rejected():
    text = "\n".join([
        "壹、總說明",
        "一、本計畫經費總計",
        "1.5 億元，由本署編列。",
        "2026年1月19日公告。",
        "二、適用對象",
        "（一）中小企業",
        "3.本項不應成為標題，因為序號不接續。",
        "（二）新創事業",
        "貳、申請方式",
    ])
    tree = build_sections(repair(text))
    assert [(s.level, s.numbering, s.title) for s in tree.sections] == [
        (1, "壹、", "總說明"),
        (2, "一、", "本計畫經費總計"),
        (2, "二、", "適用對象"),
        (3, "（一）", "中小企業"),
        (3, "（二）", "新創事業"),
        (1, "貳、", "申請方式"),
    ]


def test_section_line_ranges_nest():
    sections = _tree("001").sections
    for section in sections:
        assert section.line_start <= section.line_end
        if section.parent is not None:
            parent = sections[section.parent]
            assert parent.line_start <= section.line_start <= section.line_end <= parent.line_end
