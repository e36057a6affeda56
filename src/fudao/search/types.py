"""The values the search layer hands out: ranked passages, results, citations and answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Hit:
    """One ranked passage, cited by document stem and original line range."""

    doc: str
    section: str
    line_start: int
    line_end: int
    text: str
    score: float


@dataclass
class SearchResult:
    """The ranked passages of one query."""

    hits: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN JSON: {"hits": [{doc, section, line_start, line_end, text, score}]}."""
        return {"hits": [asdict(h) for h in self.hits]}


@dataclass
class Citation:
    """Where an answer comes from: document, original lines and the quoted text."""

    doc: str
    line_start: int
    line_end: int
    quote: str


# What an answer is, as `Answer.kind` names it: a kind of value, or a shape of answer.
ANSWER_KINDS = (
    "amount", "percent", "date", "year", "time", "duration", "count", "number", "phone", "tollfree", "email",
    "url", "address", "name", "list", "yesno", "condition", "measures",
)


@dataclass
class Answer:
    """A short answer with its citations, the measures the question names, and what kind of
    answer it is (one of ANSWER_KINDS; None for a refusal or a passage answering an untyped
    question)."""

    answer: str
    citations: list[Citation] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN JSON: {"answer", "kind", "citations": [{doc, line_start, line_end, quote}], "measures"}."""
        return {
            "answer": self.answer, "kind": self.kind, "citations": [asdict(c) for c in self.citations],
            "measures": self.measures,
        }
