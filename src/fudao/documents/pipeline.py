"""From a file's bytes to its sections, passages and values, without touching the store."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fudao.documents.passages import PassageDraft, build_passages
from fudao.documents.readers import ReadResult, read_document
from fudao.documents.repair import Unit, repair
from fudao.documents.sections import SectionTree, build_sections
from fudao.zhtext.values import find_values


@dataclass(frozen=True)
class ValueDraft:
    """A value found in a passage, with the original line it is on."""

    kind: str
    raw: str
    value: Any
    line: int


@dataclass
class ParsedDocument:
    """Everything the ingest stores for one file."""

    stem: str
    content_hash: str
    byte_size: int
    read: ReadResult
    title: str
    units: list[Unit]
    tree: SectionTree
    passages: list[PassageDraft]
    values: list[list[ValueDraft]] = field(default_factory=list)  # per passage

    @property
    def line_count(self) -> int:
        return len(self.read.text.splitlines())


def content_hash(data: bytes) -> str:
    """The sha256 of a file's bytes, which names a version."""
    return hashlib.sha256(data).hexdigest()


def parse_document(path: Path, data: bytes) -> ParsedDocument:
    """Read, repair, section and cut a document; raises DocumentError on a file it cannot read."""
    read = read_document(path, data)
    units = repair(read.text, hard_wrapped=read.hard_wrapped)
    tree = build_sections(units)
    passages = build_passages(units, tree)
    parsed = ParsedDocument(
        stem=path.stem, content_hash=content_hash(data), byte_size=len(data), read=read,
        title=document_title(units), units=units, tree=tree, passages=passages,
    )
    parsed.values = [extract_values(passage) for passage in passages]
    return parsed


def document_title(units: list[Unit]) -> str:
    """The first line of text, with the letter-spacing of printed titles removed."""
    for unit in units:
        text = unit.segments[0].text.strip()
        if text:
            if re.fullmatch(r"[\u3400-\u9fff](?:\s+[\u3400-\u9fff])+", text):
                text = re.sub(r"\s+", "", text)
            return text[:200]
    return ""


def extract_values(passage: PassageDraft) -> list[ValueDraft]:
    """The amounts, dates, percents, phones, URLs and e-mails of a passage (fudao.zhtext)."""
    return [
        ValueDraft(kind=found.kind, raw=found.raw[:300], value=found.value, line=passage.line_of(found.start))
        for found in find_values(passage.text)
    ]
