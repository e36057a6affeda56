"""Helpers of the documents tests: sample text written for the tests, and files built from it."""

from __future__ import annotations

import re
from pathlib import Path

from corpusfiles import unavailable

# A short policy-like document written for these tests (not from the corpus).
SAMPLE_LINES = [
    "壹、計畫緣起",
    "一、為協助中小企業導入數位工具，本署自民國一一四年起辦理示範輔導",
    "計畫，協助業者提升營運效率並降低人力負擔。",
    "二、補助對象為依法登記之公司或商號。",
    "貳、補助內容",
    "一、補助項目",
    "（一）顧問診斷：每家最高補助新臺幣 30 萬元。",
    "（二）設備導入：補助比例不超過 50%。",
    "二、申請方式",
    "聯絡電話：(02)2345-6789 分機 101。",
]

_GLYPH_RE = re.compile(r"^(?:[¢●▶►✓✔■•◆◇○□▪➢➤◎★☆]|l(?=[\u3400-\u9fff\uff08(「]))")


def provenance_key(line: str) -> str:
    """A line as a passage may quote it: whitespace, bullet glyphs and markdown marks dropped."""
    text = line.strip()
    text = re.sub(r"^#{1,6}\s+", "", text)
    text = re.sub(r"^[-*+]\s+", "", text)
    text = _GLYPH_RE.sub("", text.strip()).replace("**", "").replace("__", "")
    return re.sub(r"\s+", "", text)


def quotes_lines(passage_text: str, lines: list[str]) -> bool:
    """Whether the passage is made of whole original lines from its range, in order, starting
    with its first line and ending with its last (lines in between may have been dropped as noise)."""
    target = re.sub(r"\s+", "", passage_text)
    keys = [provenance_key(line) for line in lines]
    if not keys or not target.startswith(keys[0]) or not target.endswith(keys[-1]):
        return False
    reachable = {0}
    for key in keys:
        reachable |= {p + len(key) for p in reachable if key and target.startswith(key, p)}
    return len(target) in reachable


def cjk_font() -> Path:
    """A TrueType font with Traditional Chinese glyphs (Debian fonts-arphic-uming or fonts-noto-cjk)."""
    for candidate in (
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/arphic/ukai.ttc",
    ):
        if Path(candidate).exists():
            return Path(candidate)
    unavailable("no CJK font: install the Debian package fonts-arphic-uming")


def make_pdf(path: Path, font: Path, pages: list[list[str]]) -> Path:
    """A PDF with a text layer, one list of lines per page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("cjk", fname=str(font))
    pdf.set_font("cjk", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
