"""`fudao ingest PATH…`: read, repair, section and store documents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from fudao.cli.common import emit, ready

STATUS_LABELS = {"added": "新增", "updated": "更新", "unchanged": "未變更", "error": "錯誤"}


def register(app: typer.Typer) -> None:
    """Add `fudao ingest` to the app."""
    app.command("ingest", help="匯入文件（txt、md、pdf、docx、odt、html；資料夾會遞迴讀取）。")(ingest)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="檔案或資料夾", show_default=False)],
    publish: Annotated[bool, typer.Option("--publish", help="同時發布擷取出的輔導措施")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出結果")] = False,
    max_mb: Annotated[float | None, typer.Option("--max-mb", help="單一檔案大小上限（MB，預設 50）")] = None,
) -> None:
    """Ingest files and folders; exits 1 if any file could not be ingested."""
    if max_mb is not None and max_mb <= 0:
        sys.stderr.write("錯誤：--max-mb 必須大於 0\n")
        raise typer.Exit(2)
    ready()
    from fudao.documents.services import ingest_paths

    max_bytes = int(max_mb * 1024 * 1024) if max_mb is not None else None
    err = Console(stderr=True)
    show_bar = not as_json and err.is_terminal
    with Progress(
        TextColumn("匯入中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
        console=err, disable=not show_bar, transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def on_progress(done: int, total: int, path: Path) -> None:
            bar.update(task, completed=done, total=total, description=path.name)

        report = ingest_paths(paths, publish=publish, progress=on_progress, max_bytes=max_bytes)
    for failed in report.errors:
        sys.stderr.write(f"錯誤：{failed.path}：{failed.error}\n")
    emit(report.to_dict(), as_json, _print_summary)
    if report.errors:
        raise typer.Exit(1)


def _print_summary(data: dict) -> None:
    out = Console()
    for doc in data["documents"]:
        if doc["status"] != "error":
            label = STATUS_LABELS[doc["status"]]
            out.print(f"{label}  {doc['stem']}  章節 {doc['sections']}、段落 {doc['passages']}", highlight=False)
    t = data["totals"]
    out.print(
        f"共 {t['documents']} 份：新增 {t['added']}、更新 {t['updated']}、未變更 {t['unchanged']}、錯誤 {t['error']}",
        highlight=False,
    )
