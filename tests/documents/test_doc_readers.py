"""Every format and encoding, and every kind of file that cannot be read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from dochelpers import SAMPLE_LINES, cjk_font, make_pdf

from fudao.documents.pipeline import parse_document
from fudao.documents.readers import DocumentError, read_document

BODY = "\n".join(SAMPLE_LINES) + "\n"


def _read(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path, data)


def _titles(tmp_path: Path, name: str, data: bytes) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return [s.title for s in parse_document(path, data).tree.sections if s.level == 1]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("big5", "cp950"), ("cp950", "cp950")],
)
def test_text_encodings_detected(tmp_path, encoding, expected):
    result = _read(tmp_path, "doc.txt", BODY.encode(encoding))
    assert result.text.splitlines() == SAMPLE_LINES
    assert result.encoding == expected


def test_big5_document_sections(tmp_path):
    assert _titles(tmp_path, "big5.txt", BODY.encode("big5")) == ["計畫緣起", "補助內容"]


def test_markdown(tmp_path):
    text = "# 數位轉型補助\n\n## 申請資格\n\n- ✓ 依法登記之**中小企業**\n- ✓ 最近一年無欠稅\n\n## 聯絡方式\n\n諮詢專線 0800-000-123\n"
    path = tmp_path / "brochure.md"
    path.write_text(text, encoding="utf-8")
    parsed = parse_document(path, path.read_bytes())
    assert [s.title for s in parsed.tree.sections] == ["數位轉型補助", "申請資格", "聯絡方式"]
    assert "依法登記之中小企業" in parsed.passages[0].text
    assert "✓" not in "".join(p.text for p in parsed.passages)


def test_pdf_text_layer(tmp_path):
    font = cjk_font()
    pages = [[*SAMPLE_LINES[:5], "- 1 -"], [*SAMPLE_LINES[5:], "- 2 -"]]
    path = make_pdf(tmp_path / "doc.pdf", font, pages)
    parsed = parse_document(path, path.read_bytes())
    assert parsed.read.file_format == "pdf"
    assert [s.title for s in parsed.tree.sections if s.level == 1] == ["計畫緣起", "補助內容"]
    text = "\n".join(p.text for p in parsed.passages)
    assert "- 1 -" not in text and "每家最高補助新臺幣 30 萬元" in text


def test_docx_paragraphs_and_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("數位轉型補助須知", level=1)
    for line in SAMPLE_LINES[:4]:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "項目", "上限"
    table.cell(1, 0).text, table.cell(1, 1).text = "顧問診斷", "30 萬元"
    buffer = io.BytesIO()
    document.save(buffer)
    result = _read(tmp_path, "doc.docx", buffer.getvalue())
    lines = result.text.splitlines()
    assert lines[0] == "# 數位轉型補助須知"
    assert "壹、計畫緣起" in lines
    assert "顧問診斷\t30 萬元" in lines
    assert not result.hard_wrapped


def test_odt_headings_paragraphs_lists_tables(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="數位轉型補助須知"))
    document.text.addElement(P(text=SAMPLE_LINES[0]))
    items = List()
    for line in ("線上申請", "郵寄申請"):
        item = ListItem()
        item.addElement(P(text=line))
        items.addElement(item)
    document.text.addElement(items)
    table = Table(name="額度")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for cells in (("項目", "上限"), ("設備導入", "100 萬元")):
        row = TableRow()
        for value in cells:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    lines = _read(tmp_path, "doc.odt", buffer.getvalue()).text.splitlines()
    assert lines[0] == "# 數位轉型補助須知"
    assert "壹、計畫緣起" in lines and "郵寄申請" in lines
    assert "設備導入\t100 萬元" in lines


def test_html_drops_script_style_nav(tmp_path):
    html = (
        "<html><head><style>p{color:red}</style><script>var x='不應出現';</script></head><body>"
        "<nav><a href='/'>首頁</a> 網站導覽</nav><h1>數位轉型補助</h1>"
        "<p>本計畫協助<b>中小企業</b>導入數位工具。</p>"
        "<table><caption>補助上限</caption><tr><th>項目</th><th>上限</th></tr>"
        "<tr><td>顧問診斷</td><td>30 萬元</td></tr></table></body></html>"
    )
    lines = [line for line in _read(tmp_path, "page.html", html.encode("utf-8")).text.splitlines() if line]
    assert lines == ["# 數位轉型補助", "本計畫協助 中小企業 導入數位工具。", "補助上限", "項目\t上限", "顧問診斷\t30 萬元"]


def test_html_in_big5(tmp_path):
    html = "<html><body><p>經濟部輔導措施說明。</p></body></html>".encode("big5")
    assert _read(tmp_path, "page.htm", html).text.strip() == "經濟部輔導措施說明。"


def _scanned_pdf(tmp_path: Path) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a drawing, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("scan.pdf", _scanned_pdf, "沒有文字層"),
        ("broken.pdf", lambda _: b"%PDF-1.4\n1 0 obj<<>>garbage", "PDF 檔案損毀"),
        ("image.txt", lambda _: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "不是文字檔"),
        ("empty.txt", lambda _: b"", "檔案是空的"),
        ("blank.md", lambda _: b"  \n\n ", "檔案是空的"),
        ("noise.txt", lambda _: bytes(range(128, 256)) * 20, "無法判斷文字編碼"),
        ("sheet.xlsx", lambda _: b"PK\x03\x04", "不支援的檔案格式"),
        ("broken.docx", lambda _: b"not a zip", "DOCX 檔案損毀"),
        ("broken.odt", lambda _: _zip_without_content(), "ODT 檔案損毀"),
        ("hollow.docx", lambda _: _zip_without_content(), "無法讀取"),
    ],
)
def test_unreadable_files(tmp_path, name, make, message):
    with pytest.raises(DocumentError, match=message):
        _read(tmp_path, name, make(tmp_path))


def _zip_without_content() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    return buffer.getvalue()
