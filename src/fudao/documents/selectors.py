"""Reads of the documents for the pages: title and date of every document, one document's lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fudao.documents.models import Document, DocumentVersion


@dataclass(frozen=True)
class DocumentHeader:
    """What a citation shows of a document: its stem, title and date."""

    stem: str
    title: str
    as_of: date | None


def document_headers() -> dict[str, DocumentHeader]:
    """Every stored document's title and date, by stem (one query)."""
    return {stem: DocumentHeader(stem, title, as_of)
            for stem, title, as_of in Document.objects.values_list("stem", "title", "as_of")}


def document_text(stem: str) -> tuple[DocumentHeader, list[str]] | None:
    """A document's header and the lines of its current version, or None when it is not stored."""
    version = (DocumentVersion.objects.select_related("document")
               .filter(document__stem=stem, is_current=True).first())
    if version is None:
        return None
    doc = version.document
    return DocumentHeader(doc.stem, doc.title, doc.as_of), version.original_text.splitlines()
