"""`fudao screen`: batch eligibility of many enterprises, compiled to SQL (DuckDB or the store)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from fudao.cli.common import emit_json, fail, ready, user_errors
from fudao.cli.match import parse_on

MAX_ERROR_LINES = 50


def register(app: typer.Typer) -> None:
    """Add `fudao screen` to the app."""
    app.command("screen", help="批次篩選多家企業的資格（CSV／Parquet 檔或資料庫中的企業）。")(screen)


def screen(
    out: Annotated[Path, typer.Option("--out", help="輸出檔（.csv 或 .parquet）")],
    enterprises: Annotated[Path | None, typer.Option("--enterprises", help="企業資料檔（.csv 或 .parquet）")] = None,
    from_store: Annotated[bool, typer.Option("--from-store", help="篩選資料庫中的企業")] = False,
    measure: Annotated[str | None, typer.Option("--measure", help="只篩選此措施（措施代碼）")] = None,
    errors: Annotated[Path | None, typer.Option("--errors", help="錯誤資料列的輸出檔（預設 <out>.errors.csv）")] = None,
    on: Annotated[str | None, typer.Option("--on", help="以此日期（YYYY-MM-DD）適用的門檻判斷")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出摘要")] = False,
) -> None:
    """Screen every enterprise against the rules; bad rows are reported and skipped."""
    if (enterprises is None) == (not from_store):
        fail("請指定 --enterprises 檔案或 --from-store（擇一）")
    when = parse_on(on)
    from fudao.matching.screen import ScreenError, screen_file
    from fudao.rules.loader import RuleFileError

    with user_errors(ScreenError, RuleFileError):
        if enterprises is not None:
            ready()  # the rules in use are the store's published versions
            report = screen_file(enterprises, out, measure=measure, errors_out=errors, on=when)
        else:
            ready()
            from fudao.enterprises.screening import screen_enterprises

            report = screen_enterprises(out, measure=measure, on=when)
    for line in report.error_lines[:MAX_ERROR_LINES]:
        sys.stderr.write(f"錯誤：{line}\n")
    if report.errors > MAX_ERROR_LINES:
        sys.stderr.write(f"錯誤：另有 {report.errors - MAX_ERROR_LINES} 筆資料有誤，詳見 {report.errors_file}\n")
    summary = {k: v for k, v in vars(report).items() if k != "error_lines"}
    if as_json:
        emit_json(summary)
    else:
        sys.stdout.write(
            f"已篩選 {report.screened} 家企業 × {len(report.measures)} 項措施，"
            f"寫出 {report.rows_written} 列至 {report.out}"
            + (f"；{report.errors} 筆資料有誤（{report.errors_file}）" if report.errors else "") + "\n")
