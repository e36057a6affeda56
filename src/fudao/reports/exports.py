"""A report as a table: CSV and XLSX (a Chinese header row, numbers as numbers, 民國 dates,
amounts in 元 beside the ministry's 萬元/億元 wording). Group labels (team, region, measure
names typed by people) are neutralised against formula injection (`fudao.exports`)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from fudao.cases.vocabulary import CHANNELS, CLOSING_REASONS
from fudao.exports import append_row, csv_text
from fudao.reports.figures import AMOUNTS, BREAKDOWNS, FIGURES, GROUPINGS
from fudao.reports.topics import TOP_TERMS, terms_text
from fudao.zhtext.amounts import format_twd
from fudao.zhtext.rocdates import format_roc_date


def columns() -> list[tuple[str, str]]:
    """(figure key, Chinese header) in table order; amounts get a 萬元/億元 wording column."""
    out: list[tuple[str, str]] = []
    for key, (name, unit) in FIGURES.items():
        out.append((key, f"{name}（{unit}）"))
        if key == "cases":
            out += [(f"channel:{c}", f"{label}（案次）") for c, label in CHANNELS.items()]
            out += [(f"reason:{r}", f"結案原因：{label}（案次）") for r, label in CLOSING_REASONS.items()]
            out.append(("topic_terms", f"常見提問詞（前{TOP_TERMS}，案次）"))
        if key in AMOUNTS:
            out.append((f"words:{key}", f"{name}（萬元/億元）"))
        for split, (after, labels, split_unit) in BREAKDOWNS.items():
            if after == key:
                out += [(f"{split}:{v}", f"{label}（{split_unit}）") for v, label in labels.items()]
    return out


def _cell(row: dict[str, Any], key: str) -> Any:
    if key.startswith("channel:"):
        return row.get("cases_by_channel", {}).get(key.split(":", 1)[1], 0)
    if key == "topic_terms":
        return terms_text(row.get("topic_terms") or [])
    if key.startswith("reason:"):
        return row.get("cases_by_reason", {}).get(key.split(":", 1)[1], 0)
    split, _, value = key.partition(":")
    if split in BREAKDOWNS:
        return (row.get(split) or {}).get(value, 0)
    if key.startswith("words:"):
        return format_twd(row.get(key.split(":", 1)[1]) or 0)
    return row.get(key)


def table(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The header row and the data rows (one per group, then 合計)."""
    cols = columns()
    first = GROUPINGS.get(report["by"] or "", "期間")
    header = [first, *[h for _, h in cols]]
    rows = [[r["label"], *[_cell(r, k) for k, _ in cols]] for r in report["rows"]]
    rows.append(["合計", *[_cell(report["total"], k) for k, _ in cols]])
    return header, rows


def period_label(report: dict[str, Any]) -> str:
    """`民國112年1月1日至民國112年12月31日`."""
    start, end = dt.date.fromisoformat(report["from"]), dt.date.fromisoformat(report["to"])
    return f"{format_roc_date(start)}至{format_roc_date(end)}"


def to_csv(report: dict[str, Any]) -> str:
    """The report as CSV text (UTF-8 with a BOM when written, so that Excel reads it)."""
    header, rows = table(report)
    return csv_text([header, *rows])


def write_csv(report: dict[str, Any], path: Path) -> None:
    """Write the CSV file."""
    path.write_text(to_csv(report), encoding="utf-8-sig")


def to_xlsx(report: dict[str, Any]) -> bytes:
    """The report as an XLSX workbook: a title with the 民國 period, a header row, figures as
    numbers (amounts in 元 with thousands separators), a 合計 row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = table(report)
    wb = Workbook()
    ws = wb.active
    ws.title = "統計"
    append_row(ws, [f"服務統計　{period_label(report)}"])
    ws["A1"].font = Font(bold=True, size=13)
    append_row(ws, header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(ws, row)
    amount_cols = {i + 1 for i, h in enumerate(header) if h.endswith("（元）")}
    for line in ws.iter_rows(min_row=3):
        for cell in line:
            if cell.column in amount_cols and isinstance(cell.value, int):
                cell.number_format = "#,##0"
    ws.freeze_panes = "B3"
    ws.column_dimensions["A"].width = 14
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(report: dict[str, Any], path: Path) -> None:
    """Write the XLSX file."""
    path.write_bytes(to_xlsx(report))
