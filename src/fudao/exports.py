"""Spreadsheet exports of any app: text typed by a person must reach Excel or LibreOffice as
the text typed, never as a live formula (CSV/formula injection, OWASP).

A cell whose first non-blank character is `=`, `+`, `-` or `@`, or which starts with a tab,
a carriage return or a line feed, would be read as a formula: in CSV it gets a leading single
quote; in XLSX every text cell is stored as a string (never openpyxl's formula or error
type) and a risky one also gets Excel's quote prefix, so that editing the cell later does not
turn it into a formula either. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = frozenset("=+-@")
CONTROL_STARTS = ("\t", "\r", "\n")
# Characters an XLSX file cannot hold (openpyxl refuses them); tab, CR and LF are allowed.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_risky(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    if text.startswith(CONTROL_STARTS):
        return True
    visible = text.lstrip(" ")
    return bool(visible) and visible[0] in FORMULA_STARTS


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell: risky text gets a leading single quote; anything else as is."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """The rows as CSV text, every cell neutralised by `csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def append_row(sheet: Worksheet, row: Sequence[Any]) -> None:
    """Append a row to an openpyxl sheet with every text cell stored as text (characters an
    XLSX file cannot hold are dropped); numbers, dates and empty cells are kept as they are."""
    values = [XLSX_ILLEGAL.sub("", value) if isinstance(value, str) else value for value in row]
    sheet.append(values)
    if not values:
        return
    (cells,) = sheet.iter_rows(min_row=sheet.max_row, max_row=sheet.max_row, max_col=len(values))
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if is_risky(cell.value):
                cell.quotePrefix = True
