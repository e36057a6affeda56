"""Repair text extracted from PDF: drop page furniture and glyph artifacts, rejoin broken lines.

Every repaired unit keeps the 1-based line numbers of the original lines it was made from,
so that whatever is cut from it later still cites the original file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from fudao.documents.numbering import Numbering, parse_numbering

# Bullet glyphs that PDF extraction leaves at a line start (`l` is the Wingdings bullet).
_GLYPHS = "¢●▶►✓✔■•◆◇○□▪➢➤◎★☆"
_GLYPH_RE = re.compile(rf"^(?:[{_GLYPHS}]|l(?=[\u3400-\u9fff\uff08(「]))\s*")
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_ITEM_RE = re.compile(r"^[-*+]\s+")
_PAGE_NUMBER_RE = re.compile(r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|第\s*\d{1,4}\s*頁(?:\s*[，,/／]?\s*共\s*\d+\s*頁)?|\d{1,4}\s*/\s*\d{1,4})$")
_BARE_NUMBER_RE = re.compile(r"^\d{1,3}$")
_URL_RE = re.compile(r"(?:https?://|mailto:|www\.)[^\s，。、；）)」]+", re.IGNORECASE)
_BARE_URL_RE = re.compile(r"^(?:https?://|mailto:|www\.)\S+$", re.IGNORECASE)
_TOP_TITLE_RE = re.compile(r"^[壹貳參参叁肆伍陸柒捌玖拾]{1,3}\s*、\s*(\S.{0,15}?)\s*$")
_HAN_ONLY_RE = re.compile(r"^[\u3400-\u9fff](?:\s*[\u3400-\u9fff]){1,9}$")
_TABLE_GAPS_RE = re.compile(r"\S(?: {2,}|\u3000+)\S")
_SENTENCE_END = "。！？!?；;：:"
_CLAUSE_MARK_RE = re.compile(r"[，。、：；,;:]")


@dataclass(frozen=True)
class Segment:
    """The part of one original line (1-based `line`) kept in a unit."""

    line: int
    text: str


@dataclass
class Unit:
    """A repaired paragraph, list item, table row or markdown heading."""

    kind: str  # "text" | "item" | "table" | "heading"
    segments: list[Segment] = field(default_factory=list)
    level: int = 0  # markdown heading level
    numbering: Numbering | None = None

    @property
    def text(self) -> str:
        return join_segments([s.text for s in self.segments])

    @property
    def line_start(self) -> int:
        return self.segments[0].line

    @property
    def line_end(self) -> int:
        return self.segments[-1].line


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    kind: str
    level: int = 0
    bulleted: bool = False
    hard_break: bool = False


def join_segments(parts: list[str]) -> str:
    """Join the pieces of a broken line: no space between CJK, one space between Latin words."""
    out = ""
    for part in parts:
        if out and part and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def repair(text: str, hard_wrapped: bool = True) -> list[Unit]:
    """The document's units, in order, each with its original line range."""
    raw = text.splitlines()
    noise = noise_lines(raw)
    lines = [_classify(i + 1, line) for i, line in enumerate(raw) if i + 1 not in noise]
    if not hard_wrapped:
        return [_unit(line) for line in lines if line.kind != "blank"]
    if not _is_markdown(lines):
        # Extracted text breaks lines anywhere and puts blank lines anywhere: only punctuation,
        # numbering and line width tell where a paragraph ends.
        lines = [line for line in lines if line.kind != "blank"]
    return _join(lines, _typical_width(lines))


def _is_markdown(lines: list[_Line]) -> bool:
    """Markdown-like text: blank lines and hard breaks (two trailing spaces) end paragraphs."""
    return sum(1 for line in lines if line.kind == "heading") >= 2


def noise_lines(raw: list[str]) -> set[int]:
    """1-based numbers of lines that are page furniture: page numbers, running footers, repeated URLs."""
    stripped = [line.strip() for line in raw]
    content = [i for i, s in enumerate(stripped) if s]
    titles = {re.sub(r"\s", "", m.group(1)) for s in stripped if (m := _TOP_TITLE_RE.match(s))}
    noise: set[int] = set()
    for pos, i in enumerate(content):
        s = stripped[i]
        prev = content[pos - 1] if pos else None
        if _PAGE_NUMBER_RE.match(s):
            noise.add(i + 1)
        elif _BARE_NUMBER_RE.match(s) and prev is not None and _is_footer_label(stripped[prev], titles):
            noise.update({i + 1, prev + 1})
        elif _BARE_NUMBER_RE.match(s) and any("http" in stripped[j] for j in content[pos + 1 : pos + 3]):
            noise.add(i + 1)  # a footnote mark before its note
        elif _BARE_URL_RE.match(s) and _seen_before(s, stripped, content[max(0, pos - 12) : pos]):
            noise.add(i + 1)
    noise |= _running_headers(stripped, content, noise)
    return noise


def _is_footer_label(line: str, titles: set[str]) -> bool:
    if not _HAN_ONLY_RE.match(line):
        return False
    squashed = re.sub(r"\s", "", line)
    return squashed in titles or bool(re.search(r"[\u3400-\u9fff]\s{2,}[\u3400-\u9fff]", line))


def _seen_before(line: str, stripped: list[str], previous: list[int]) -> bool:
    url = line.rstrip("。.，,")
    url = url.removeprefix("mailto:")
    return any(url in stripped[j] for j in previous)


def _running_headers(stripped: list[str], content: list[int], noise: set[int]) -> set[int]:
    """Short lines repeated on many pages, next to a page number."""
    repeats = Counter(stripped[i] for i in content if len(stripped[i]) <= 40)
    found: set[int] = set()
    for pos, i in enumerate(content):
        if repeats.get(stripped[i], 0) < 3 or i + 1 in noise:
            continue
        near = content[max(0, pos - 2) : pos + 3]
        if any(j + 1 in noise and _PAGE_NUMBER_RE.match(stripped[j]) for j in near):
            found.add(i + 1)
    return found


def _classify(number: int, line: str) -> _Line:
    text = line.strip()
    if not text:
        return _Line(number, "", "blank")
    heading = _MD_HEADING_RE.match(text)
    if heading:
        title = _GLYPH_RE.sub("", heading.group(2).strip())
        return _Line(number, _strip_markup(title), "heading", level=len(heading.group(1)))
    if "\t" in line.strip("\t ") or (_TABLE_GAPS_RE.search(text) and len(_TABLE_GAPS_RE.findall(text)) >= 2):
        return _Line(number, text, "table")
    bulleted = False
    item = _MD_ITEM_RE.match(text)
    if item:
        text, bulleted = text[item.end() :], True
    glyph = _GLYPH_RE.match(text)
    if glyph:
        text, bulleted = text[glyph.end() :], True
    hard_break = line.rstrip("\r\n").endswith("  ")
    return _Line(number, _strip_markup(text), "text", bulleted=bulleted, hard_break=hard_break)


def _strip_markup(text: str) -> str:
    return text.replace("**", "").replace("__", "").strip()


def _typical_width(lines: list[_Line]) -> float:
    widths = sorted(_width(line.text) for line in lines if line.kind == "text")
    if not widths:
        return 0.0
    return float(widths[int(len(widths) * 0.9) - (1 if len(widths) > 1 else 0)])


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text.replace(" ", ""))


def _unit(line: _Line) -> Unit:
    if line.kind in ("heading", "table"):
        return Unit(line.kind, [Segment(line.number, line.text)], level=line.level)
    numbering = parse_numbering(line.text)
    kind = "item" if numbering or line.bulleted else "text"
    return Unit(kind, [Segment(line.number, line.text)], numbering=numbering)


def _join(lines: list[_Line], width: float) -> list[Unit]:
    units: list[Unit] = []
    open_unit: Unit | None = None
    last: _Line | None = None
    for line in lines:
        if line.kind == "blank":
            open_unit = None
            continue
        if open_unit is not None and last is not None and _continues(last, line, width):
            open_unit.segments.append(Segment(line.number, line.text))
        else:
            open_unit = _unit(line)
            units.append(open_unit)
            if line.kind in ("heading", "table"):
                open_unit = None
        last = line
    return units


def _continues(prev: _Line, line: _Line, width: float) -> bool:
    """Whether `line` goes on the sentence that `prev` broke off."""
    if line.kind != "text" or line.bulleted or parse_numbering(line.text):
        return False
    if prev.text[-1] in _SENTENCE_END or prev.hard_break:
        return False
    if parse_numbering(prev.text) and not _CLAUSE_MARK_RE.search(prev.text):
        return False  # a numbered title on a line of its own
    return width == 0 or _width(prev.text) >= 0.7 * width
