"""Tables inside passages: a header line of column labels (`110 年 111 年 112年(預算)`)
followed by rows of a label and one figure per column (`甲署 12 15.5 20`), with the unit
the table states (`單位:新臺幣萬元`). A question picks a cell by its row label and its column
(a year it names, or the column's words): the figure's qualifiers are its row and column."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from fudao.search import analysis, spans
from fudao.search.index import Record, years_in

_CELL = r"-?\d[\d,]*(?:\.\d+)?%?"
_ROW = re.compile(rf"^\s*([^\d\s][^\d]{{0,20}}?)\s+((?:{_CELL}\s+)+{_CELL})\s*$")
_YEAR_COLUMN = re.compile(r"\d{2,4}\s*年(?:\s*[（(][^)）]{1,8}[)）])?")
_UNIT = re.compile(r"單位\s*[:：]\s*(\S{1,12})")
MIN_ROWS = 2


@dataclass(frozen=True)
class Cell:
    """One figure of a table with its row and column labels, the table's unit, and the clause
    (index among the passage's clauses) that holds its row."""

    row: str
    column: str
    value: str
    unit: str | None
    clause: int


@dataclass(frozen=True)
class Table:
    """A table read from a passage's clauses: its column labels and its cells by row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _row(text: str) -> tuple[str, list[str]] | None:
    m = _ROW.match(text)
    return (m.group(1).strip(), m.group(2).split()) if m else None


def _columns(text: str) -> list[str]:
    """A header line's column labels: its years when it names years, else its words."""
    years = [y.replace(" ", "") for y in _YEAR_COLUMN.findall(text)]
    return years if len(years) >= 2 else text.split()


def read_tables(texts: Sequence[str]) -> list[Table]:
    """The tables among a passage's clauses: runs of at least MIN_ROWS rows with as many
    figures as the header line above them has columns."""
    tables: list[Table] = []
    unit: str | None = None
    i = 0
    while i < len(texts):
        found = _UNIT.search(texts[i]) or (i + 1 < len(texts) and texts[i].strip().startswith("單位") and _UNIT.search(texts[i] + texts[i + 1]))
        if found:
            unit = found.group(1)
        columns = _columns(texts[i]) if _row(texts[i]) is None else []
        rows: list[tuple[Cell, ...]] = []
        j = i + 1
        while len(columns) >= 2 and j < len(texts) and (row := _row(texts[j])) and len(row[1]) == len(columns):
            label, values = row
            rows.append(tuple(Cell(label, c, v, unit, j) for c, v in zip(columns, values, strict=True)))
            j += 1
        if len(rows) >= MIN_ROWS:
            tables.append(Table(tuple(columns), tuple(rows)))
            i = j
        else:
            i += 1
    return tables


@lru_cache(maxsize=4096)
def _grams(text: str) -> frozenset[str]:
    return frozenset(analysis.bigrams(analysis.normalize(text)))


def asked_cell(tables: Sequence[Table], question_grams: set[str], years: set[int]) -> Cell | None:
    """The cell a question picks: the row whose label it names (most of its words) and the
    column of the year it names or whose words it uses; None unless both are clear."""
    best: tuple[float, Cell] | None = None
    for table in tables:
        column = _asked_column(table.columns, question_grams, years)
        if column is None:
            continue
        for row in table.rows:
            label = _grams(row[0].row)
            share = len(label & question_grams) / len(label) if label else 0.0
            if share >= 0.5 and (best is None or share > best[0]):
                best = (share, row[column])
    return best[1] if best else None


def _asked_column(columns: Sequence[str], question_grams: set[str], years: set[int]) -> int | None:
    by_year = [k for k, c in enumerate(columns) if set(years_in(c)) & years]
    if len(by_year) == 1:
        return by_year[0]
    by_words = [k for k, c in enumerate(columns) if _grams(re.sub(r"\d", "", c)) & question_grams]
    return by_words[0] if len(by_words) == 1 else None


def describe(cell: Cell) -> str:
    """A cell as an answer: `甲署 112年(預算)：20（單位：新臺幣萬元）`."""
    unit = f"（單位：{cell.unit}）" if cell.unit else ""
    return f"{cell.row} {cell.column}：{cell.value}{unit}"


@dataclass(frozen=True)
class TableAnswer:
    """The table cell a question picks in a passage and the text of the clause holding its row."""

    cell: Cell
    clause: str


def cell_in(record: Record, question_grams: set[str], years: set[int]) -> TableAnswer | None:
    """The cell of a table in the passage that the question picks by row and column, if any."""
    texts = [c.text for c in record.clauses] or spans.clauses(record.text)
    cell = asked_cell(read_tables(texts), question_grams, years)
    return TableAnswer(cell, texts[cell.clause]) if cell is not None else None


# How far above a table's row its unit line (`單位：億美元；%`) is looked for; prose (a line
# ending a sentence) ends the table before it.
UNIT_LOOKBACK_LINES = 40
_BARE_FIGURE = re.compile(r"(?<![\d.])(-?\d[\d,]*(?:\.\d+)?)\s*$")
_ROW_LABEL = re.compile(r"([^\d\s]+)\s*-?\d[\d,]*(?:\.\d+)?\s*$")


def unit_above(lines: Sequence[str], line: int) -> str | None:
    """The unit a table states above its row at 1-based `line` of a document's lines, if the
    row is in a table that states one."""
    for k in range(line - 1, max(0, line - 1 - UNIT_LOOKBACK_LINES), -1):
        text = lines[k - 1] if k >= 1 else ""
        found = _UNIT.search(text)
        if found:
            return found.group(1)
        if text.rstrip().endswith("。"):
            return None
    return None


def ends_in_bare_figure(quote: str) -> bool:
    """Whether a quote ends in a figure with no unit after it (a table row's cell)."""
    return bool(_BARE_FIGURE.search(quote))


def with_unit(quote: str, unit: str) -> str | None:
    """A quote ending in a table's bare figure, with the unit that figure is in (of a table's
    `億美元；%`, the percent for a row of a rate, else the first), or None when the quote does
    not end in a bare figure."""
    if not ends_in_bare_figure(quote):
        return None
    units = [u for u in re.split(r"[；;、,，]", unit) if u]
    if not units:
        return None
    label = _ROW_LABEL.search(quote.splitlines()[-1])
    rate = label is not None and label.group(1).endswith("率")
    chosen = next((u for u in units if u == "%"), units[0]) if rate else next((u for u in units if u != "%"), units[0])
    return f"{quote.rstrip()} {chosen}"
