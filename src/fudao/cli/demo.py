"""`fudao demo`: a year of synthetic activity at 004's scale, written in the import format and
(with --load) imported, so that a newcomer sees a full dashboard."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from fudao.cli.common import emit_json, fail, ready


def register(app: typer.Typer) -> None:
    """Add `fudao demo` to the app."""
    app.command("demo", help="產生一年份的示範資料（匯入格式，JSON Lines），可直接匯入。")(demo)


def demo(
    year: Annotated[int, typer.Option("--year", help="民國年")] = 112,
    scale: Annotated[float, typer.Option("--scale", help="規模（1.0 約為 112 年馬上辦服務中心的案量）")] = 1.0,
    out: Annotated[Path | None, typer.Option("--out", help="輸出檔（預設：資料夾中的 demo-<年>.jsonl）")] = None,
    load: Annotated[bool, typer.Option("--load", help="寫出後匯入資料庫（並建立示範團隊）")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出摘要")] = False,
) -> None:
    """Write the demo file; with --load, create the demo teams and import it."""
    from fudao.reports.demo import TEAMS, write
    from fudao.reports.periods import PeriodError, roc_year

    try:
        roc_year(year)
    except PeriodError as exc:
        fail(str(exc))
    if not 0 < scale <= 10:
        fail(f"規模 --scale 須介於 0 與 10 之間（收到 {scale}）")
    from fudao.store import data_dir

    path = out or data_dir() / f"demo-{year}.jsonl"
    counts = write(path, year, scale)
    summary: dict[str, object] = {"file": str(path), "records": counts}
    if load:
        ready()
        from fudao.accounts.services import add_team
        from fudao.importing import import_file

        for slug, (name, counties) in TEAMS.items():
            add_team(slug=slug, name=name, counties=counties)
        # our own generated year: its size is the scale asked for, not the import limits
        summary["import"] = import_file(path, None, max_bytes=path.stat().st_size,
                                        max_records=sum(counts.values()) + 1)
        from fudao.reports.demo_live import make_living_desk

        summary["living"] = make_living_desk()
    if as_json:
        emit_json(summary)
        return
    sys.stdout.write(f"已寫出 {path}：" + "、".join(f"{k} {v} 筆" for k, v in counts.items()) + "\n")
    if load:
        sys.stdout.write("已匯入；請以 fudao report --year "
                         f"{year} 或網站的 /reports/ 查看統計\n")
        live = summary["living"]
        assert isinstance(live, dict)
        sys.stdout.write(f"服務台示範：本週 {live['cases']} 件處理中案件、{live['follow_ups']} 項追蹤、"
                         f"{live['events']} 場即將舉行的活動\n")
