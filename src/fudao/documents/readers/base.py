"""What every reader returns, and the error it raises on a file it cannot read."""

from __future__ import annotations

from dataclasses import dataclass

from fudao.errors import Invalid


class DocumentError(Invalid):
    """A file that cannot be ingested; the message (zh-TW) says why."""


@dataclass(frozen=True)
class ReadResult:
    """A document's text as lines, and how it was obtained.

    `text` is what line numbers refer to: the decoded file for text formats, the extracted
    text (one line per paragraph or table row, cells separated by a tab) for the others.
    `hard_wrapped` says lines may break inside a sentence and may need rejoining.
    """

    text: str
    file_format: str
    encoding: str = ""
    hard_wrapped: bool = True
