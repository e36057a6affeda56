"""A document's title and the date it speaks for (`as_of`): derived from its title page, with a
small data file of known documents (`data/known_documents.yaml`) as the fallback.

Derivation: the title is the first heading or first line of text (letter-spacing removed),
unless that line is a numbered section heading (壹、… 一、…); the date is a full date (西元 or
民國, e.g. 2026年1月19日 or 中華民國115年1月) standing on one of the first lines of the title page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import yaml

from fudao.zhtext.rocdates import find_dates

TITLE_PAGE_LINES = 12
_SECTION_HEADING = re.compile(r"^[壹貳參肆伍陸柒捌玖拾一二三四五六七八九十]+[、.]")
_MARKUP = re.compile(r"^#+\s*|\*+")


@dataclass(frozen=True)
class DocumentFacts:
    """A document's title and as-of date, and where each came from (`text` or `data`)."""

    title: str
    as_of: date | None
    title_from: str
    as_of_from: str


@lru_cache(maxsize=1)
def _known() -> dict[str, dict[str, object]]:
    text = resources.files("fudao.documents").joinpath("data/known_documents.yaml").read_text("utf-8")
    return {str(row["stem_prefix"]): row for row in yaml.safe_load(text)["documents"]}


def _title_page(text: str) -> list[str]:
    lines = [_MARKUP.sub("", x).strip() for x in text.splitlines()]
    return [x for x in lines if x][:TITLE_PAGE_LINES]


def derive_title(text: str) -> str:
    """The title stated on the title page, or '' when the text starts with a section heading."""
    page = _title_page(text)
    if not page:
        return ""
    first = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", page[0])
    return "" if _SECTION_HEADING.match(first) else first


def derive_as_of(text: str) -> date | None:
    """A date standing alone on a line of the title page (its whole line is the date)."""
    for line in _title_page(text):
        for found in find_dates(line):
            if found.kind == "date" and len(found.raw.strip()) >= len(line.strip()) - 4:
                return date.fromisoformat(found.value["date"])
    return None


def document_facts(stem: str, text: str, parsed_title: str = "") -> DocumentFacts:
    """Title and as-of date of a document: from its text first, else from the known-documents data."""
    known = _known().get(stem.split("_")[0], {})
    title, title_from = derive_title(text), "text"
    if not title and known.get("title"):
        title, title_from = str(known["title"]), "data"
    if not title:
        title, title_from = parsed_title or stem, "text"
    as_of, as_of_from = derive_as_of(text), "text"
    if as_of is None and known.get("as_of"):
        raw = known["as_of"]
        as_of, as_of_from = (raw if isinstance(raw, date) else date.fromisoformat(str(raw))), "data"
    if as_of is None:
        as_of_from = ""
    return DocumentFacts(title=title, as_of=as_of, title_from=title_from, as_of_from=as_of_from)
