"""OpenDocument .odt (the government's standard format): headings, paragraphs, lists, tables."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.parsers.expat import ExpatError

from odf import teletype
from odf.opendocument import load

from fudao.documents.readers.base import DocumentError, ReadResult

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def read_odt(data: bytes) -> ReadResult:
    """One line per heading, paragraph, list item and table row (cells separated by a tab)."""
    try:
        document = load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, ExpatError) as exc:
        raise DocumentError("ODT 檔案損毀或無法讀取") from exc
    lines: list[str] = []
    _walk(document.text, lines)
    return ReadResult(text="\n".join(lines), file_format="odt", hard_wrapped=False)


def _walk(node: Any, lines: list[str]) -> None:
    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (_TEXT, "h"):
            level = int(child.getAttribute("outlinelevel") or 1)
            lines.append("#" * min(level, 6) + " " + _clean(teletype.extractText(child)))
        elif qname == (_TEXT, "p"):
            lines.append(_clean(teletype.extractText(child)))
        elif qname == (_TABLE, "table"):
            lines.append("")
            for row in child.getElementsByType(_row_type()):
                cells = [_clean(teletype.extractText(cell)) for cell in row.childNodes]
                lines.append("\t".join(cells))
            lines.append("")
        elif qname is not None:
            _walk(child, lines)


def _row_type() -> Any:
    from odf.table import TableRow

    return TableRow


def _clean(text: str) -> str:
    return " ".join(text.split())
