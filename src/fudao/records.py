"""The contract between `fudao import` and each app's importer (DESIGN "Importing records").

An importer takes a batch of records (each with its 1-based line number in the file) of one
type and writes the good ones; a bad record becomes an error `{"line", "error"}` and is never
half-written. `fudao import` reads the file (JSON Lines, CSV, XLSX), groups records by type and
calls each type's importer (`fudao.importing.IMPORTERS`).
"""

from __future__ import annotations

import heapq
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Generic, TypeVar

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


Importer = Callable[[Iterable[Record]], ImportResult]

T = TypeVar("T")


class Spool(Generic[T]):
    """Items kept in an unnamed temporary file (mode 0600, gone when closed) instead of memory,
    read back in the order they were added, as often as needed: an import holds a file's
    records here, so its memory stays flat in the row count."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="fudao-import-")  # noqa: SIM115 (closed by close())
        self.count = 0
        self._turn = 0  # bumped by every add and every read that starts: who last moved the file

    def add(self, item: T) -> None:
        """Append an item (pickled; only the process's own data goes in and comes out)."""
        self._turn += 1
        self._file.seek(0, 2)
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[T]:
        self._file.flush()
        self._turn += 1
        mine, position = self._turn, 0
        self._file.seek(0)
        for _ in range(self.count):
            if self._turn != mine:  # another read or an add moved the file meanwhile
                self._turn += 1
                mine = self._turn
                self._file.seek(position)
            item = pickle.load(self._file)
            position = self._file.tell()
            yield item

    def close(self) -> None:
        """Remove the file."""
        self._file.close()

    def __enter__(self) -> Spool[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sorted_stream(items: Iterable[T], key: Callable[[T], Any], run: int = 10_000) -> Iterator[T]:
    """The items in the order of `key`, sorted a run of `run` items at a time in memory and
    merged from their spools (an external sort: memory flat in the number of items)."""
    runs: list[Spool[T]] = []
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == run:
            spool: Spool[T] = Spool()
            for kept in sorted(batch, key=key):
                spool.add(kept)
            runs.append(spool)
            batch = []
    batch.sort(key=key)
    try:
        if not runs:
            yield from batch
            return
        yield from heapq.merge(*runs, batch, key=key)
    finally:
        for spool in runs:
            spool.close()


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """The items in lists of `size` (the last one shorter), taken from the stream as it goes."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

# The order records of a mixed file are written in (a case needs its enterprise first).
IMPORT_ORDER = ["enterprise", "case", "activity", "event", "registration"]
