"""`fudao followups due|close`: the follow-ups due by a day, and closing one with a note."""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer

from fudao.cli.common import acting, emit, fail, ready, user_errors
from fudao.errors import FudaoError
from fudao.validation import Invalid, parse_day

followups_app = typer.Typer(help="追蹤事項：到期清單與結案。", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add `fudao followups` to the app."""
    app.add_typer(followups_app, name="followups")


def _day(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_day(value, option)
    except Invalid as exc:
        fail(str(exc))


def _show_due(result: dict[str, Any]) -> None:
    typer.echo(f"{result['on']} 前到期的追蹤：{result['count']} 件（逾期 {result['overdue']} 件）")
    for row in result["follow_ups"]:
        late = f"逾期 {row['days_overdue']} 天" if row["overdue"] else "今天到期"
        typer.echo(f"  #{row['id']} {row['case_no']} {row['due']} {late} "
                   f"{row['assignee'] or '（未指派）'}：{row['text']}")


@followups_app.command("due", help="列出到期（含逾期）的追蹤，逾期者在前。")
def due_command(
    on: str = typer.Option(None, "--on", help="到此日期為止（YYYY-MM-DD，預設今天）"),
    as_user: str = typer.Option(None, "--as", help="以此帳號的權限執行"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 輸出"),
) -> None:
    """Open follow-ups due by a day, overdue first, scoped by the acting user's rights."""
    day = _day(on, "--on")
    ready()
    from fudao.cases import followups

    actor = acting(as_user)
    emit(followups.due(actor, on=day), as_json, _show_due)


@followups_app.command("close", help="結束一項追蹤：完成（done）或略過（skipped，須說明）。")
def close_command(
    case_no: str = typer.Argument(..., help="案號，例如 115-000042"),
    follow_up_id: int = typer.Argument(..., help="追蹤編號"),
    outcome: str = typer.Option("done", "--outcome", help="done 或 skipped"),
    note: str = typer.Option("", "--note", help="說明"),
    as_user: str = typer.Option(None, "--as", help="以此帳號的權限執行"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 輸出"),
) -> None:
    """Close a follow-up with its outcome and note."""
    ready()
    from fudao.cases import followups

    actor = acting(as_user)
    with user_errors(FudaoError):
        row = followups.close_follow_up(case_no=case_no, follow_up_id=follow_up_id,
                                        outcome=outcome, note=note, by=actor)
    result = {"id": row.pk, "case_no": case_no, "outcome": row.outcome,
              "done_at": row.done_at, "note": row.data.get("note", "")}
    emit(result, as_json, lambda r: typer.echo(f"追蹤 #{r['id']} 已{followups.CLOSE_OUTCOMES[r['outcome']]}"))
