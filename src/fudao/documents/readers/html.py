"""HTML: visible text by block (headings, paragraphs, list items, table rows); drops script/style/nav."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from fudao.documents.readers.base import ReadResult
from fudao.documents.readers.textfile import decode_bytes

_DROP = ["script", "style", "nav", "noscript", "template", "iframe", "svg"]
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CONTAINERS = ["div", "section", "article", "main", "header", "footer", "aside", "ul", "ol", "dl", "form"]
_BLOCKS = ["p", "li", "dt", "dd", "caption", "pre", "blockquote", "figcaption", "address", "table"]
_BLOCKLIKE = _BLOCKS + _CONTAINERS + list(_HEADINGS)


def read_html(data: bytes) -> ReadResult:
    """One line per block of visible text; headings as markdown `#`, table rows tab-separated."""
    text, encoding = decode_bytes(data)
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    root = soup.body or soup
    lines: list[str] = []
    _walk(root, lines)
    return ReadResult(text="\n".join(lines), file_format="html", encoding=encoding, hard_wrapped=False)


def _walk(node: Tag, lines: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            value = _clean(str(child))
            if value and child.__class__ is NavigableString:
                lines.append(value)
        elif isinstance(child, Tag):
            _block(child, lines)


def _block(tag: Tag, lines: list[str]) -> None:
    name = tag.name.lower()
    if name in _HEADINGS:
        lines.append("#" * _HEADINGS[name] + " " + _clean(tag.get_text(" ")))
    elif name == "table":
        _table(tag, lines)
    elif not tag.find(_BLOCKLIKE):
        value = _clean(tag.get_text(" "))
        if value:
            lines.append(value)
    else:
        _walk(tag, lines)


def _table(table: Tag, lines: list[str]) -> None:
    caption = table.find("caption")
    if caption is not None:
        lines.append(_clean(caption.get_text(" ")))
    lines.append("")
    for row in table.find_all("tr"):
        cells = [_clean(cell.get_text(" ")) for cell in row.find_all(["td", "th"])]
        lines.append("\t".join(cells))
    lines.append("")


def _clean(text: str) -> str:
    return " ".join(text.split())
