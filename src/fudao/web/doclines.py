"""A document's lines read as a person reads them: the markdown some documents are written in
(headings, bold, list items, table rows) rendered line by line, so that line numbers and
citations keep pointing at the original lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BULLETS = frozenset("▶►▸▹▷➤➢✓✔●○■□◆◇•・※")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


@dataclass(frozen=True)
class Run:
    """A piece of a line's text, bold or not."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class DocLine:
    """One original line: its kind (`heading`, `item`, `row`, `rule`, `text`), the heading's
    level, and its text as runs (a table row as one list of runs per cell)."""

    kind: str
    runs: tuple[Run, ...] = ()
    cells: tuple[tuple[Run, ...], ...] = ()
    level: int = 0

    @property
    def indent(self) -> int:
        """A list item's indent step for the page (0–3; deeper items show at 3)."""
        return min(self.level, 3)

    @property
    def marked(self) -> bool:
        """Whether a list item's text brings its own bullet (▶, ✓, ●…), so none is added."""
        first = self.runs[0].text.lstrip()[:1] if self.runs else ""
        return bool(first) and first in _BULLETS


def runs_of(text: str) -> tuple[Run, ...]:
    """The text split into plain and bold runs (`**…**`, `__…__`), the markers dropped, and a
    stray unpaired `**` (a converted document's left-over) dropped too."""
    out: list[Run] = []
    at = 0
    for m in _BOLD.finditer(text):
        if m.start() > at:
            out.append(_plain(text[at:m.start()]))
        out.append(Run(m.group(1) or m.group(2), bold=True))
        at = m.end()
    if at < len(text):
        out.append(_plain(text[at:]))
    return tuple(r for r in out if r.text)


def _plain(text: str) -> Run:
    return Run(text.replace("**", ""))


def read_line(raw: str) -> DocLine:
    """How one original line shows: a heading without its `#`, a list item without its marker,
    a table row as cells, a table's rule line as a rule, anything else as text."""
    text = raw.rstrip()
    if m := _HEADING.match(text):
        return DocLine("heading", runs_of(m.group(2)), level=len(m.group(1)))
    if text.lstrip().startswith("|") and text.rstrip().endswith("|") and len(text.strip()) > 1:
        if _RULE.match(text):
            return DocLine("rule")
        cells = [c.strip() for c in text.strip().strip("|").split("|")]
        return DocLine("row", cells=tuple(runs_of(c) for c in cells))
    if m := _ITEM.match(text):
        return DocLine("item", runs_of(m.group(2)), level=len(m.group(1).expandtabs(4)) // 2)
    return DocLine("text", runs_of(text))
