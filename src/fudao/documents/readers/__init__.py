"""Readers that turn a document file into plain lines of text, one module per format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fudao.documents.readers.base import DocumentError, ReadResult
from fudao.documents.readers.docx import read_docx
from fudao.documents.readers.html import read_html
from fudao.documents.readers.odt import read_odt
from fudao.documents.readers.pdf import read_pdf
from fudao.documents.readers.textfile import read_text

Reader = Callable[[bytes], ReadResult]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".odt": read_odt,
    ".html": read_html,
    ".htm": read_html,
}

__all__ = ["READERS", "DocumentError", "ReadResult", "check_supported", "is_supported", "read_document"]


def is_supported(path: Path) -> bool:
    """Whether a file's suffix has a reader."""
    return path.suffix.lower() in READERS


def check_supported(path: Path) -> Reader:
    """The reader for a file's suffix; raises DocumentError naming the supported formats."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        supported = "、".join(sorted(READERS))
        raise DocumentError(f"不支援的檔案格式「{path.suffix or '（無副檔名）'}」（支援：{supported}）")
    return reader


def read_document(path: Path, data: bytes) -> ReadResult:
    """Decode a document's bytes with the reader of its suffix; raises DocumentError (zh-TW)."""
    reader = check_supported(path)
    if not data.strip():
        raise DocumentError("檔案是空的")
    try:
        result = reader(data)
    except DocumentError:
        raise
    except Exception as exc:  # a library's own error on a malformed file
        raise DocumentError(f"檔案損毀或格式不符，無法讀取（{type(exc).__name__}）") from exc
    if not result.text.strip():
        raise DocumentError("檔案中沒有可讀取的文字")
    return result
