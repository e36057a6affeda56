"""`fudao match`: which published measures an enterprise qualifies for, and why."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from fudao.cli.common import emit, fail, ready, run_batch, user_errors
from fudao.matching.vocabulary import MATCH_STATUSES
from fudao.validation import Invalid, parse_day


def register(app: typer.Typer) -> None:
    """Add `fudao match` to the app."""
    app.command("match", help="依企業資料比對可申請的輔導措施（每項結果附判斷理由與出處）。")(match)


def parse_on(value: str | None) -> dt.date | None:
    """The `--on` date (YYYY-MM-DD), or a zh-TW error."""
    if value is None:
        return None
    try:
        return parse_day(value, "--on")
    except Invalid as exc:
        fail(str(exc))


def read_profile(source: str) -> Any:
    """The JSON object of a profile file (`-` is standard input)."""
    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            fail(f"找不到企業資料檔：{source}")
        text = path.read_text(encoding="utf-8-sig")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"企業資料檔不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 欄：{exc.msg}）")


def match(
    profile: Annotated[str | None, typer.Option("--profile", help="企業資料 JSON 檔（- 為標準輸入）")] = None,
    batch: Annotated[str | None, typer.Option("--batch", help='JSON Lines 批次檔：每行 {"id","profile"}')] = None,
    explain: Annotated[bool, typer.Option("--explain", help="附上每個條件的完整判斷過程")] = False,
    on: Annotated[str | None, typer.Option("--on", help="以此日期（YYYY-MM-DD）適用的門檻判斷")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出結果")] = False,
) -> None:
    """Match one profile (or a JSON Lines batch) against every published measure."""
    if (profile is None) == (batch is None):
        fail("請指定 --profile 檔案或 --batch 批次檔（擇一）")
    when = parse_on(on)
    ready()
    from fudao.matching.services import match as run_match
    from fudao.rules.loader import RuleFileError

    with user_errors(RuleFileError, ValueError):
        if batch is not None:
            run_batch(batch, "profile", lambda p: run_match(p, explain=explain, on=when))
            return
        result = run_match(read_profile(profile or "-"), explain=explain, on=when)
    emit(result, as_json, lambda r: _print(r["results"], explain))


def _print(results: list[dict[str, Any]], explain: bool) -> None:
    table = Table(show_lines=True)
    for column in ("措施", "結果", "上限（元）", "理由", "出處"):
        table.add_column(column)
    for r in results:
        amount = f"{r['max_amount_twd']:,}" if r["max_amount_twd"] else "—"
        reasons = "\n".join(r["reasons"]) + (f"\n提示：{r['hint']}" if r.get("hint") else "")
        cites = "\n".join(f"{s['doc']}:{s['line_start']}-{s['line_end']}" for s in r["sources"][:3])
        table.add_row(r["name"], MATCH_STATUSES[r["status"]], amount, reasons, cites)
    Console().print(table)
    if explain:
        Console().print_json(json.dumps([{r["measure_id"]: r.get("trace")} for r in results],
                                        ensure_ascii=False, default=str))
