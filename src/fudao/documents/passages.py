"""Cut the repaired units into passages sized for retrieval, each with its section and original lines.

A passage is about a paragraph (up to `MAX_CHARS`), never spans two top-level sections, keeps
a heading with the body that follows it, and keeps a table whole with its caption. It is cut
only between original lines, so its line range always holds its text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from fudao.documents.repair import Segment, Unit, join_segments
from fudao.documents.sections import SectionTree

MIN_CHARS = 60
MAX_CHARS = 400


@dataclass
class PassageDraft:
    """A passage before it is stored: its text, where each line of it came from, its section."""

    kind: str = "text"
    pieces: list[list[Segment]] = field(default_factory=list)  # one list of segments per unit
    section: int | None = None
    has_body: bool = False
    unit_kinds: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(join_segments([s.text for s in piece]) for piece in self.pieces)

    @property
    def size(self) -> int:
        return sum(len(s.text) for piece in self.pieces for s in piece)

    @property
    def line_start(self) -> int:
        return self.pieces[0][0].line

    @property
    def line_end(self) -> int:
        return max(s.line for piece in self.pieces for s in piece)

    def line_of(self, offset: int) -> int:
        """The original line holding character `offset` of `text`."""
        starts: list[int] = []
        lines: list[int] = []
        position = 0
        for number, piece in enumerate(self.pieces):
            if number:
                position += 1  # the newline between units
            joined = ""
            for segment in piece:
                before = len(joined)
                joined = join_segments([joined, segment.text]) if joined else segment.text
                starts.append(position + len(joined) - len(segment.text) if before else position)
                lines.append(segment.line)
            position += len(joined)
        return lines[max(0, bisect.bisect_right(starts, offset) - 1)]


def build_passages(units: list[Unit], tree: SectionTree) -> list[PassageDraft]:
    """The passages of a document, in order."""
    heading_units = {node.unit for node in tree.sections}
    out: list[PassageDraft] = []
    current = PassageDraft()
    current_top: int | None = None

    def flush() -> None:
        nonlocal current
        if current.pieces:
            current.kind = _kind(current)
            out.append(current)
        current = PassageDraft()

    for index, unit in enumerate(units):
        section = tree.unit_section[index]
        top = _top(tree, section)
        if current.pieces and top != current_top:
            flush()
        current_top = top
        if index in heading_units:
            if current.has_body and current.size >= MIN_CHARS:
                flush()
            for number, chunk in enumerate(_chunks(unit.segments)):
                if number and current.size + sum(len(s.text) for s in chunk) > MAX_CHARS:
                    flush()
                _add(current, chunk, "heading" if number == 0 else unit.kind, section)
            if _has_body(unit, tree.sections[section].title if section is not None else ""):
                current.has_body = True
            continue
        if unit.kind == "table":
            if current.has_body and current.size >= MIN_CHARS and units[index - 1].kind != "table":
                caption = _take_caption(current)
                flush()
                if caption is not None:
                    _add(current, caption[0], caption[1], section)
            _add(current, unit.segments, "table", section)
            current.has_body = True
            if index + 1 == len(units) or units[index + 1].kind != "table":
                flush()
            continue
        for chunk in _chunks(unit.segments):
            size = sum(len(s.text) for s in chunk)
            if current.has_body and current.size + size > MAX_CHARS:
                flush()
            _add(current, chunk, unit.kind, section)
            current.has_body = True
    flush()
    return out


def _add(passage: PassageDraft, segments: list[Segment], kind: str, section: int | None) -> None:
    if not passage.pieces:
        passage.section = section
    passage.pieces.append(list(segments))
    passage.unit_kinds.append(kind)


def _take_caption(passage: PassageDraft) -> tuple[list[Segment], str] | None:
    """The short line before a table (its caption), taken off the passage it would end."""
    if len(passage.pieces) < 2 or passage.unit_kinds[-1] not in ("text", "item"):
        return None
    last = passage.pieces[-1]
    if sum(len(s.text) for s in last) > MIN_CHARS or last[-1].text.endswith("。"):
        return None
    passage.unit_kinds.pop()
    return passage.pieces.pop(), "text"


def _has_body(unit: Unit, title: str) -> bool:
    """A numbered paragraph carries text beyond its title."""
    return len(unit.text) > len(title) + 12


def _top(tree: SectionTree, section: int | None) -> int | None:
    while section is not None and tree.sections[section].parent is not None:
        section = tree.sections[section].parent
    return section


def _chunks(segments: list[Segment]) -> list[list[Segment]]:
    """Split a unit longer than MAX_CHARS between original lines, at a sentence end if possible."""
    chunks: list[list[Segment]] = []
    current: list[Segment] = []
    size = 0
    for segment in segments:
        current.append(segment)
        size += len(segment.text)
        ends_sentence = segment.text.rstrip().endswith(("。", "；", "！", "？"))
        if size >= MAX_CHARS * 0.75 and (ends_sentence or size >= MAX_CHARS):
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _kind(passage: PassageDraft) -> str:
    kinds = [k for k in passage.unit_kinds if k != "heading"]
    if "table" in kinds:
        return "table"
    if kinds.count("item") >= 2 and kinds.count("item") * 2 >= len(kinds):
        return "list"
    return "text"
