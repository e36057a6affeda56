"""`fudao report`: the ministry's figures for a period, from the records (JSON, CSV, XLSX)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from fudao.cli.common import acting, emit_json, fail, ready, user_errors


def register(app: typer.Typer) -> None:
    """Add `fudao report` to the app."""
    app.command("report", help="統計報表：案次、家次、場次、人次、件數與金額（由紀錄計算）。")(report)


def report(
    year: Annotated[str | None, typer.Option("--year", help="民國年，例如 112")] = None,
    quarter: Annotated[str | None, typer.Option("--quarter", help="季，例如 112Q1")] = None,
    month: Annotated[str | None, typer.Option("--month", help="月，例如 112-03")] = None,
    start: Annotated[str | None, typer.Option("--from", help="開始日期 YYYY-MM-DD")] = None,
    end: Annotated[str | None, typer.Option("--to", help="結束日期 YYYY-MM-DD")] = None,
    by: Annotated[str | None, typer.Option("--by", help="month、quarter、channel、kind、team、assignee、county")] = None,
    team: Annotated[str | None, typer.Option("--team", help="只計此團隊")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出")] = False,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="寫出 CSV 檔")] = None,
    xlsx_out: Annotated[Path | None, typer.Option("--xlsx", help="寫出 XLSX 檔")] = None,
    as_user: Annotated[str | None, typer.Option("--as", help="以此帳號的權限執行")] = None,
) -> None:
    """Print or write the report; errors name what is wrong."""
    from fudao.reports.periods import PeriodError, ReportError, resolve

    with user_errors(PeriodError, ReportError):
        period = resolve(year=year, quarter=quarter, month=month, start=start, end=end)
    ready()
    from fudao.reports import exports
    from fudao.reports.figures import GROUPINGS
    from fudao.reports.presenters import headline
    from fudao.reports.services import ReportDenied, report_for

    actor = acting(as_user)
    with user_errors(PeriodError, ReportError):
        try:
            data = report_for(actor, period, by=by, team=team)
        except ReportDenied as exc:
            fail(str(exc), code=3)
    if csv_out:
        exports.write_csv(data, csv_out)
    if xlsx_out:
        exports.write_xlsx(data, xlsx_out)
    if as_json:
        emit_json(data)
        return
    sys.stdout.write(f"服務統計　{exports.period_label(data)}\n")
    for line in headline(data["total"]):
        sys.stdout.write(f"  {line['name']}　{line['value']}\n")
    if data.get("by"):
        sys.stdout.write(f"依{GROUPINGS.get(data['by'], data['by'])}：\n")
        for row in data["rows"]:
            figures = "・".join(f"{line['name']} {line['value']}" for line in headline(row))
            sys.stdout.write(f"  {row['label']}　{figures}\n")
    for written in (csv_out, xlsx_out):
        if written:
            sys.stdout.write(f"已寫出 {written}\n")
