"""The section tree: headings from the ministry's numbering and markdown `#`, checked for plausibility.

A numbered unit is a heading only if its number follows its previous sibling's (or is 1 for a
first child). A list nested in a body that reuses an outer style (a `一、` list inside a
`（一）` form) is recognised as such and does not break the outer sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fudao.documents.numbering import RANKS, Numbering, parse_numbering
from fudao.documents.repair import Unit

_TITLE_CUT_RE = re.compile(r"[，；;]")
_TITLE_MAX = 40
_BODY_MARK_RE = re.compile(r"[：:。]")
_CLAUSE_RE = re.compile(r"[，。、；;：:]")
_SPACES_RE = re.compile(r"\s+")
_DOC_TITLE_MAX = 20
# A document title ranks with `一、` and is number 0, so the first `一、` is its next sibling.
_TITLE_KEY = (RANKS["han"], "title", 0)


@dataclass
class SectionNode:
    """One heading of the tree; `parent` and the unit indexes refer to positions in lists."""

    order: int
    level: int
    rank: int
    numbering: str
    number: int
    style: str
    title: str
    title_path: list[str]
    line_start: int
    line_end: int
    parent: int | None
    unit: int
    children: list[int] = field(default_factory=list)


@dataclass
class SectionTree:
    """The sections in document order, and for each unit the index of its innermost section."""

    sections: list[SectionNode]
    unit_section: list[int | None]


def build_sections(units: list[Unit]) -> SectionTree:
    """Find the headings among `units` and nest them."""
    sections: list[SectionNode] = []
    unit_section: list[int | None] = []
    stack: list[int] = []
    nested: dict[str, int] = {}  # style → last number of a list nested in a body
    for index, unit in enumerate(units):
        key = _heading_key(unit) or (_TITLE_KEY if index == 0 and is_document_title(units) else None)
        if key is not None:
            rank, style, number = key
            accepted = _accept(sections, stack, nested, unit, rank, style, number)
            if accepted:
                while stack and sections[stack[-1]].rank >= rank:
                    _close(sections, stack.pop(), units, index)
                node = _node(sections, stack, unit, index, rank, style, number)
                sections.append(node)
                stack.append(len(sections) - 1)
                nested.clear()
            elif unit.numbering is not None:
                nested[style] = number
        unit_section.append(stack[-1] if stack else None)
    while stack:
        _close(sections, stack.pop(), units, len(units))
    return SectionTree(sections, unit_section)


def is_document_title(units: list[Unit]) -> bool:
    """Whether the document opens on an unnumbered title line (`中堅企業服務團簡介`, a
    letter-spaced `經 濟 部 業 務 報 告`) with a body after it: the title of its lead, which
    ends where the outline proper (`壹、` or `一、`) begins."""
    if len(units) < 2 or units[0].kind != "text" or units[0].numbering is not None:
        return False
    title = _SPACES_RE.sub("", units[0].text)
    return 0 < len(title) <= _DOC_TITLE_MAX and not _CLAUSE_RE.search(title)


def _heading_key(unit: Unit) -> tuple[int, str, int] | None:
    if unit.kind == "heading":
        return unit.level - 7, f"md{unit.level}", 0
    if unit.numbering is not None and unit.kind == "item":
        return unit.numbering.rank, unit.numbering.style, unit.numbering.number
    return None


def _accept(
    sections: list[SectionNode], stack: list[int], nested: dict[str, int],
    unit: Unit, rank: int, style: str, number: int,
) -> bool:
    """Whether a numbered unit continues the outline (markdown headings always do)."""
    if style.startswith("md") or style == "title":
        return True
    sibling = next((sections[i] for i in reversed(stack) if sections[i].rank <= rank), None)
    if sibling is not None and sibling.rank == rank:
        if number != sibling.number + 1:
            return False
        continues_nested = nested.get(style) == number - 1
        return not continues_nested or _looks_like_title(unit)
    return number == 1 and style not in nested


def _looks_like_title(unit: Unit) -> bool:
    numbering = unit.numbering
    rest = numbering.rest if numbering else unit.text
    return len(rest) <= 20 and not _CLAUSE_RE.search(rest)


def _node(
    sections: list[SectionNode], stack: list[int], unit: Unit, index: int, rank: int, style: str, number: int
) -> SectionNode:
    parent = stack[-1] if stack else None
    title = heading_title(unit)
    path = [*(sections[parent].title_path if parent is not None else []), title]
    node = SectionNode(
        order=len(sections), level=len(stack) + 1, rank=rank,
        numbering=unit.numbering.raw if unit.numbering else "#" * unit.level,
        number=number, style=style, title=title, title_path=path,
        line_start=unit.line_start, line_end=unit.line_end, parent=parent, unit=index,
    )
    if parent is not None:
        sections[parent].children.append(len(sections))
    return node


def _close(sections: list[SectionNode], section: int, units: list[Unit], next_unit: int) -> None:
    """A section ends with the last unit before the heading that closes it."""
    last = units[next_unit - 1] if next_unit > 0 else None
    if last is not None:
        sections[section].line_end = max(sections[section].line_start, last.line_end)


def heading_title(unit: Unit) -> str:
    """A heading's title: the text after its numbering, cut before its body if it runs on."""
    numbering: Numbering | None = unit.numbering
    if numbering is None and unit.kind == "heading":
        numbering = parse_numbering(unit.text)
    text = (numbering.rest if numbering else unit.text).strip().rstrip("：:")
    if numbering is None and unit.kind == "text":
        text = _SPACES_RE.sub("", text)
    if len(text) <= _TITLE_MAX and not _BODY_MARK_RE.search(text):
        return text
    for pattern in (_BODY_MARK_RE, _TITLE_CUT_RE):
        cut = pattern.search(text)
        if cut and 0 < cut.start() <= _TITLE_MAX:
            return text[: cut.start()].strip()
    return text[:_TITLE_MAX].strip()
