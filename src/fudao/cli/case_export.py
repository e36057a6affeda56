"""`fudao cases export --year Y`: a 民國 year's case records in `fudao import`'s format (JSON
Lines with cases and activities, or a CSV of one type), to a file or standard output."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer

from fudao.cli.common import acting, fail, ready

FORMATS = ("jsonl", "csv")
TYPES = ("case", "activity")


def export(
    year: Annotated[int, typer.Option("--year", help="民國年，例如 114")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl（案件與活動）或 csv（以 --type 指定一種）")] = "jsonl",
    record_type: Annotated[str | None, typer.Option("--type", help="CSV 的資料類型：case 或 activity")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="輸出檔（省略則印在標準輸出）")] = None,
    as_user: Annotated[str | None, typer.Option("--as", help="以此使用者身分操作（省略則為本機管理者）")] = None,
) -> None:
    """Write the year's records (those the user may see) in the import's own format."""
    if not 1 <= year <= 999:
        fail(f"--year 須為民國年（1 到 999），收到 {year}")
    if fmt not in FORMATS:
        fail(f"--format 須為 jsonl 或 csv，收到「{fmt[:20]}」")
    if fmt == "csv" and record_type not in TYPES:
        fail("CSV 匯出須以 --type 指定資料類型：case（案件）或 activity（活動）")
    if fmt == "jsonl" and record_type is not None:
        fail("--type 只用於 CSV 匯出（JSON Lines 含案件與活動）")
    ready()
    from fudao.cases import policy
    from fudao.cases.exporting import export_records, jsonl_lines, table_rows
    from fudao.exports import csv_cell

    actor = acting(as_user)
    if policy.masks_contacts(actor):
        fail("此身分看到的聯絡資料經過遮蔽，不能匯出可供匯入的案件資料")
    sink = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if fmt == "jsonl":
            sink.writelines(jsonl_lines(export_records(actor, year=year)))
        else:
            assert record_type is not None
            writer = csv.writer(sink)
            for row in table_rows(actor, year=year, record_type=record_type):
                writer.writerow([csv_cell(value) for value in row])
    finally:
        if out:
            sink.close()
