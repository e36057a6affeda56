"""The contract between `fudao import` and each app's importer (DESIGN "Importing records").

An importer takes a batch of records (each with its 1-based line number in the file) of one
type and writes the good ones; a bad record becomes an error `{"line", "error"}` and is never
half-written. `fudao import` reads the file (JSON Lines, CSV, XLSX), groups records by type and
calls each type's importer (`fudao.importing.IMPORTERS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Record = tuple[int, dict[str, Any]]


@dataclass
class ImportResult:
    """What one importer did with its batch."""

    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        """Record a bad record (zh-TW message naming the field)."""
        self.errors.append({"line": line, "error": message})


# The words a yes/no cell may hold (compared trimmed and in lower case).
YES = frozenset({"true", "1", "yes", "y", "是", "有", "t", "同意"})
NO = frozenset({"false", "0", "no", "n", "否", "無", "f", "不同意"})


def yes_no(value: Any, yes: frozenset[str] = YES, no: frozenset[str] = NO) -> bool | None:
    """A yes/no cell as a bool: a bool as is, else its text (trimmed, lower case) found in `yes`
    or `no`; None when it is in neither (the importer names the field in its error)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in yes:
        return True
    if text in no:
        return False
    return None


Importer = Callable[[list[Record]], ImportResult]

# The order records of a mixed file are written in (a case needs its enterprise first).
IMPORT_ORDER = ["enterprise", "case", "activity", "event", "registration"]
