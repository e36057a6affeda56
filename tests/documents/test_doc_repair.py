"""Repair of PDF-extracted text, on real corpus lines and on text written for the tests."""

from __future__ import annotations

from dochelpers import SAMPLE_LINES

from corpusfiles import corpus_path
from fudao.documents.repair import noise_lines, repair


def _units_over(stem: str, first: int, last: int):
    text = corpus_path(stem).read_text(encoding="utf-8")
    return [u for u in repair(text) if u.line_end >= first and u.line_start <= last]


def test_split_sentence_comes_back_whole():
    # 002 opens with a paragraph broken over lines 3-9, with a blank line between every line.
    units = _units_over("002", 3, 9)
    assert len(units) == 1
    unit = units[0]
    assert (unit.line_start, unit.line_end) == (3, 9)
    assert "10月 8日核定" in unit.text  # the date was broken across lines 3 and 5
    assert unit.text.endswith("。")


def test_sentence_rejoined_across_a_page_footer():
    # In 004 a country name is broken by the running footer (section name + page number).
    text = corpus_path("004").read_text(encoding="utf-8")
    lines = text.splitlines()
    noise = noise_lines(lines)
    footer = next(n for n in noise if lines[n - 1].strip() == "國營事業")
    assert footer + 2 in noise  # its page number
    unit = next(u for u in repair(text) if u.line_start < footer < u.line_end)
    assert "索馬利蘭及墨西哥" in unit.text
    assert "國營事業" not in unit.text.split("索馬利")[1][:10]


def test_numbered_list_stays_a_list():
    units = _units_over("002", 23, 47)
    numbered = [u for u in units if u.numbering is not None and u.numbering.style == "arabic"]
    assert [u.numbering.number for u in numbered] == [1, 2, 3, 4, 5, 6]
    assert all(u.kind == "item" for u in numbered)
    # item 2 was broken over two lines and is whole again, item 3 starts a new unit
    second = numbered[1]
    assert (second.line_start, second.line_end) == (31, 33)
    assert second.text.endswith("以確認需求內容。")


def test_glyph_bullets_dropped():
    units = _units_over("002", 21, 21)
    assert units[0].text.startswith("服務團服務方式")
    assert units[0].kind == "item"
    text = "l服務說明：\n● 第二項：\n¢申請期間：隨時受理。\nlogin 帳號請洽窗口。\n"
    out = [u.text for u in repair(text)]
    assert out == ["服務說明：", "第二項：", "申請期間：隨時受理。", "login 帳號請洽窗口。"]


def test_footnote_url_kept_once():
    text = corpus_path("000").read_text(encoding="utf-8")
    joined = "\n".join(u.text for u in repair(text))
    assert joined.count("assist.nat.gov.tw/wSite/mp?mp=2") == 1
    assert joined.count("tiip.itnet.org.tw") == 1


def test_page_number_and_footer_dropped():
    text = corpus_path("001").read_text(encoding="utf-8")
    lines = text.splitlines()
    noise = noise_lines(lines)
    dropped = {lines[n - 1].strip() for n in noise}
    assert {"工  業", "4", "商    業", "13"} <= dropped
    joined = "\n".join(u.text for u in repair(text))
    assert "工  業" not in joined


def test_running_header_and_page_numbers_of_generated_pages():
    pages = []
    for page in range(1, 5):
        pages += ["示範計畫須知", f"第{page}段說明文字，內容不重複。", f"- {page} -"]
    kept = [u.text for u in repair("\n".join(pages))]
    assert kept == [f"第{page}段說明文字，內容不重複。" for page in range(1, 5)]


def test_table_rows_stay_rows():
    text = "表 1 補助額度\n項目\t上限\t比例\n顧問診斷\t30 萬元\t50%\n設備導入\t100 萬元\t40%\n"
    units = repair(text)
    assert [u.kind for u in units] == ["text", "table", "table", "table"]
    assert units[2].text == "顧問診斷\t30 萬元\t50%"


def test_units_keep_original_line_numbers():
    text = "\n\n".join(SAMPLE_LINES)  # double-spaced like the corpus
    units = repair(text)
    first_item = units[1]
    assert first_item.text.startswith("一、為協助中小企業")
    assert first_item.text.endswith("降低人力負擔。")
    assert (first_item.line_start, first_item.line_end) == (3, 5)


def test_structured_formats_are_not_rejoined():
    units = repair("第一段沒有句號\n第二段也沒有", hard_wrapped=False)
    assert [u.text for u in units] == ["第一段沒有句號", "第二段也沒有"]


def test_markdown_blank_lines_end_paragraphs():
    text = "# 標題一\n\n說明文字沒有句號  \n(括號補充)\n\n聯絡窗口 0800-000-000\n\n# 標題二\n"
    units = repair(text)
    assert [u.kind for u in units] == ["heading", "text", "text", "text", "heading"]
