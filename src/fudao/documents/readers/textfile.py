"""Plain text and markdown: detect the encoding (UTF-8, UTF-8 with BOM, Big5/CP950, …)."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from fudao.documents.readers.base import DocumentError, ReadResult

# Encodings charset-normalizer may name for Traditional Chinese bytes; decoded as CP950,
# the superset Windows and the ministry's files use.
_BIG5_NAMES = {"big5", "big5hkscs", "cp950"}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes without being told the encoding; returns (text, encoding name)."""
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentError("不是文字檔（含二進位內容）")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DocumentError("無法判斷文字編碼（請改存為 UTF-8 或 Big5）")
    encoding = best.encoding.lower().replace("-", "").replace("_", "")
    if encoding in _BIG5_NAMES:
        return _strict(data, "cp950"), "cp950"
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise DocumentError("不是文字檔（含二進位內容）")
    return text, best.encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentError(f"文字編碼錯誤（{encoding}，第 {exc.start} 位元組）") from exc


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(text)


def read_text(data: bytes) -> ReadResult:
    """A .txt or .md file, line for line as stored."""
    text, encoding = decode_bytes(data)
    return ReadResult(text=text, file_format="text", encoding=encoding, hard_wrapped=True)
