"""Word .docx: paragraphs and tables in document order (python-docx)."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from fudao.documents.readers.base import DocumentError, ReadResult


def read_docx(data: bytes) -> ReadResult:
    """One line per paragraph, one line per table row (cells separated by a tab)."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError("DOCX 檔案損毀或無法讀取") from exc
    lines = list(_body_lines(document))
    return ReadResult(text="\n".join(lines), file_format="docx", hard_wrapped=False)


def _body_lines(document: DocxDocument) -> list[str]:
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(_paragraph_line(block))
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return lines


def _paragraph_line(paragraph: Paragraph) -> str:
    text = " ".join(paragraph.text.split())
    style = paragraph.style.name if paragraph.style is not None else ""
    if text and style and style.lower().startswith("heading"):
        level = "".join(ch for ch in style if ch.isdigit()) or "1"
        return "#" * min(int(level), 6) + " " + text
    return text


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            if not cells or value != cells[-1]:  # merged cells repeat their text
                cells.append(value)
        lines.append("\t".join(cells))
    return ["", *lines, ""]
