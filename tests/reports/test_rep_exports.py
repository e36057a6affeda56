"""The report exports never turn a group label (a team's, region's or measure's name typed by
people) into a live formula; figures stay numbers."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from fudao.reports import exports

FORMULA = '=HYPERLINK("http://x","y")'


def report() -> dict[str, Any]:
    """A report of two groups whose labels would be formulas, with a few figures."""
    rows = [{"key": "a", "label": FORMULA, "cases": 3, "cases_by_channel": {"hotline": 3}},
            {"key": "b", "label": "-1+2", "cases": 1, "cases_by_channel": {}}]
    return {"from": "2023-01-01", "to": "2023-12-31", "by": "team", "rows": rows,
            "total": {"cases": 4, "cases_by_channel": {"hotline": 3}}}


def test_csv_labels_are_quoted_and_figures_kept() -> None:
    rows = list(csv.reader(io.StringIO(exports.to_csv(report()))))
    assert [r[0] for r in rows[1:]] == ["'" + FORMULA, "'-1+2", "合計"]
    assert rows[1][1] == "3" and rows[3][1] == "4"


def test_xlsx_labels_are_text_and_figures_numbers() -> None:
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(report()))).active
    label, other, figure = sheet["A3"], sheet["A4"], sheet["B3"]
    assert (label.value, label.data_type, label.quotePrefix) == (FORMULA, "s", True)
    assert (other.value, other.data_type) == ("-1+2", "s")
    assert (figure.value, figure.data_type) == (3, "n")
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
