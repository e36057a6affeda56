"""`fudao backup FILE` / `fudao restore FILE`: copy the whole store to a file and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fudao.cli.common import emit, ready, user_errors


def register(app: typer.Typer) -> None:
    """Add `fudao backup` and `fudao restore` to the app."""
    app.command("backup", help="將整個資料庫備份到檔案（SQLite 線上備份；PostgreSQL 用 pg_dump）。")(backup)
    app.command("restore", help="由備份檔還原整個資料庫（會取代現有內容；請先停止網站）。")(restore)


def _show(result: dict[str, Any], verb: str) -> None:
    rows = sum(result["tables"].values())
    typer.echo(f"已{verb}：{result['file']}（{result['store']}，{len(result['tables'])} 個資料表，共 {rows} 筆）")


def backup(
    file: Annotated[Path, typer.Argument(help="備份檔的路徑")],
    as_json: Annotated[bool, typer.Option("--json", help="輸出 JSON")] = False,
) -> None:
    """Copy the live store into FILE."""
    from fudao.backups import BackupError, backup_store

    ready()
    with user_errors(BackupError):
        result = backup_store(target=file)
    emit(result, as_json, lambda r: _show(r, "備份"))


def restore(
    file: Annotated[Path, typer.Argument(help="備份檔的路徑")],
    as_json: Annotated[bool, typer.Option("--json", help="輸出 JSON")] = False,
) -> None:
    """Replace the store's content with the backup FILE."""
    from fudao import bootstrap
    from fudao.backups import BackupError, restore_store

    bootstrap.setup(migrate=False)  # the backup brings its own schema
    with user_errors(BackupError):
        result = restore_store(source=file)
    emit(result, as_json, lambda r: _show(r, "還原"))
