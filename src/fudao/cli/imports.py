"""`fudao import FILE [--type T]`: load enterprises, cases and activities (and the other record
types whose app is installed) from JSON Lines, CSV or XLSX."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from fudao.cli.common import emit, fail, ready, user_errors

MAX_ERROR_LINES = 50


def register(app: typer.Typer) -> None:
    """Add `fudao import` to the app."""
    app.command("import", help="匯入資料（JSON Lines，或以 --type 指定類型的 CSV／XLSX）。")(import_)


def import_(
    file: Annotated[Path, typer.Argument(help="資料檔（.jsonl、.csv、.xlsx）")],
    record_type: Annotated[str | None, typer.Option("--type", help="CSV／XLSX 的資料類型：enterprise、case、activity、event、registration")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出匯入報告")] = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="檔案大小上限（位元組，預設 50 MB）")] = 50 * 1024 * 1024,
    max_records: Annotated[int, typer.Option("--max-records", help="資料筆數上限（預設 500,000）")] = 500_000,
) -> None:
    """Import the records; bad ones are reported and skipped; exit 1 when any was bad."""
    if not file.is_file():
        fail(f"找不到檔案：{file}")
    if max_bytes < 1 or max_records < 1:
        fail("--max-bytes 與 --max-records 須為正整數")
    ready()
    from fudao.errors import Invalid
    from fudao.importing import import_file

    with user_errors(Invalid):  # a file refused whole (ImportFileError, the registry's RegistryError)
        report = import_file(file, record_type, max_bytes=max_bytes, max_records=max_records)

    def show(r: dict[str, Any]) -> None:
        created = "、".join(f"{k} {v}" for k, v in r["created"].items()) or "無"
        updated = "、".join(f"{k} {v}" for k, v in r["updated"].items()) or "無"
        typer.echo(f"讀取 {r['read']} 筆；新增：{created}；更新：{updated}；錯誤 {len(r['errors'])} 筆")

    emit(report, as_json, show)
    errors = report.get("errors") or []
    if not as_json:
        for e in errors[:MAX_ERROR_LINES]:
            where = f"第 {e['line']} 行" + (f"，欄位「{e['column']}」" if e.get("column") else "")
            sys.stderr.write(f"錯誤：{where}：{e['error']}\n")
    if errors:
        raise typer.Exit(1)
