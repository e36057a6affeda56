"""The `fudao` console script: global options, then one module of commands per step."""

from __future__ import annotations

import importlib
import os
import sys

import typer

from fudao.errors import FudaoError

app = typer.Typer(
    name="fudao",
    help="fudao（輔導）：企業輔導措施的文件、搜尋、目錄與資格比對。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Each module defines `register(app)`; the order is the order of `fudao --help`.
COMMAND_MODULES = ["ingest", "search", "measures", "match", "screen", "rules", "serve", "evaluate", "migrate",
                   "backup", "teams", "experts", "users", "cases", "imports", "followups", "worker", "events",
                   "campaigns", "alerts", "report", "demo"]


@app.callback()
def _global(
    db: str = typer.Option(None, "--db", help="資料庫位址（預設 FUDAO_DB 或內建 SQLite）", envvar="FUDAO_DB"),
) -> None:
    if db:
        os.environ["FUDAO_DB"] = db


for _name in COMMAND_MODULES:
    importlib.import_module(f"fudao.cli.{_name}").register(app)


def main() -> None:
    """Run the command line; an application error a command lets through (`fudao.errors`)
    is `錯誤：message` on stderr and exit 2."""
    try:
        app()
    except FudaoError as exc:
        sys.stderr.write(f"錯誤：{exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
