"""The document viewer reads markdown as text line by line: markers go, line numbers stay."""

from __future__ import annotations

import re

import pytest

from fudao.web.doclines import Run, read_line


@pytest.mark.parametrize(("raw", "kind", "text", "level"), [
    ("## 措施一：補助", "heading", "措施一：補助", 2),
    ("# 標題 #", "heading", "標題", 1),
    ("- 由顧問協助", "item", "由顧問協助", 0),
    ("    * 第二層", "item", "第二層", 2),
    ("1. 第一點", "item", "第一點", 0),
    ("利率 **2.22%** 起", "text", "利率 2.22% 起", 0),
    ("- 資格** ► 登記之公司", "item", "資格 ► 登記之公司", 0),  # an unpaired marker left by a conversion
    ("#hashtag 不是標題", "text", "#hashtag 不是標題", 0),
    ("", "text", "", 0),
])
def test_a_line_loses_its_markers_and_keeps_its_words(raw, kind, text, level) -> None:
    line = read_line(raw)
    assert (line.kind, "".join(r.text for r in line.runs), line.level) == (kind, text, level)


def test_bold_runs_are_marked_bold() -> None:
    assert read_line("上限 **500萬** 元").runs == (Run("上限 "), Run("500萬", bold=True), Run(" 元"))


def test_a_table_row_becomes_cells_and_its_rule_a_rule() -> None:
    row = read_line("| 項目 | **金額** |")
    assert row.kind == "row"
    assert [[r.text for r in cell] for cell in row.cells] == [["項目"], ["金額"]]
    assert read_line("|---|:---:|").kind == "rule"


def test_the_viewer_renders_the_markdown_of_a_document(client, corpus_db, corpus_dir) -> None:
    original = (corpus_dir / "003_83f839b7bfa6266d.txt").read_text(encoding="utf-8").splitlines()
    response = client.get("/documents/003_83f839b7bfa6266d/", {"hl": "19-21"})
    html = response.content.decode()
    lines = re.findall(r'<li id="L\d+"[^>]*>(.*?)</li>', html, flags=re.S)
    assert len(lines) == len(original), "every original line keeps its number"
    text = "\n".join(re.sub(r"<[^>]+>", "", line) for line in lines)
    assert "**" not in text and not re.search(r"^\d+#", text, flags=re.M), "no markdown markers shown"
    assert 'class="lt md-h md-h3"' in html and 'class="lt md-li md-indent-0' in html
    assert re.findall(r'<li id="L(\d+)" value="\d+" class="hl"', html) == ["19", "20", "21"]
    assert 'style="' not in html.split('<ol class="doc-lines">', 1)[1], "no inline style (the CSP forbids it)"


def test_an_item_with_its_own_bullet_gets_no_second_one() -> None:
    assert read_line("- ▶ 每家最高").marked and not read_line("- 每家最高").marked


def _marked(html: str, cls: str) -> list[int]:
    return [int(n) for n in re.findall(rf'<li id="L(\d+)" value="\d+" class="{cls}"', html)]


def test_the_viewer_highlights_exactly_the_cited_lines_and_marks_their_heading_apart(client, corpus_db) -> None:
    html = client.get("/documents/003_83f839b7bfa6266d/", {"hl": "250-264", "ctx": "241"}).content.decode()
    assert _marked(html, "hl") == list(range(250, 265)), "15 lines, no more, no fewer"
    assert _marked(html, "ctx") == [241], "the heading cited as context is marked, not highlighted"
    assert "所屬標題：<a href=\"#L241\">第 241 行</a>" in html
    shown = re.findall(r'<li id="L2(?:5\d|6[0-4])"[^>]*>(.*?)</li>', html, flags=re.S)
    text = "".join(re.sub(r"<[^>]+>", "", line) for line in shown)
    assert "3,500" in text and "2.22%" in text and not re.search(r"\*\*|##|\|", text)


def test_without_a_cited_heading_the_nearest_heading_above_is_the_context(client, corpus_db) -> None:
    page = client.get("/documents/003_83f839b7bfa6266d/", {"hl": "250-264"}).content.decode()
    assert _marked(page, "hl") == list(range(250, 265)) and _marked(page, "ctx") == [248]  # ## 貸款額度
    page = client.get("/documents/003_83f839b7bfa6266d/", {"hl": "258-260"}).content.decode()
    assert _marked(page, "hl") == [258, 259, 260] and _marked(page, "ctx") == [], "a range opening on a heading"
    page = client.get("/documents/003_83f839b7bfa6266d/", {"hl": "250-264", "ctx": "300"}).content.decode()
    assert _marked(page, "ctx") == [248], "a context line below the range is ignored"


def test_a_heading_cited_beside_a_span_becomes_its_context() -> None:
    from fudao.search.types import Citation
    from fudao.web.presenters import citation_rows
    from fudao.web.templatetags.fudao_web import citation_href

    doc = "003_83f839b7bfa6266d"
    rows = citation_rows([Citation(doc, 250, 264, "每家最高3,500萬元…"), Citation(doc, 241, 241, "中小微企業多元發展貸款加碼(中企署)")])
    assert [r["context_line"] for r in rows] == [241, None]
    assert citation_href(doc, 250, 264, 241) == f"/documents/{doc}/?hl=250-264&ctx=241#L250"
    assert citation_href(doc, 250, 264) == f"/documents/{doc}/?hl=250-264#L250"
    far = citation_rows([Citation(doc, 250, 264, "…"), Citation("002_x", 241, 241, "標題"), Citation(doc, 100, 100, "標題")])
    assert far[0]["context_line"] is None, "another document's line, or one too far above, is no context"
