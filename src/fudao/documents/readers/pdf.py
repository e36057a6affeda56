"""PDF: the text layer, page after page (pypdf)."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from fudao.documents.readers.base import DocumentError, ReadResult

logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_pdf(data: bytes) -> ReadResult:
    """The PDF's text layer; a scanned or corrupt PDF raises DocumentError."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError("PDF 已加密，無法讀取")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise DocumentError(f"PDF 檔案損毀或無法讀取（{type(exc).__name__}）") from exc
    if not any(page.strip() for page in pages):
        raise DocumentError("PDF 沒有文字層（可能是掃描影像，請先做文字辨識）")
    text = "\n".join(page.rstrip("\n") for page in pages)
    return ReadResult(text=text, file_format="pdf", hard_wrapped=True)
