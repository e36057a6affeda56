"""`fudao measures list|show`: the catalogue of support measures."""

from __future__ import annotations

import csv
import sys
from datetime import date
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from fudao.cli.common import emit, emit_json, fail, ready, user_errors
from fudao.exports import csv_cell
from fudao.validation import Invalid, parse_day

measures_app = typer.Typer(help="輔導措施目錄：列出與查看措施。", no_args_is_help=True)
CSV_COLUMNS = ["id", "name", "facet", "instrument", "agency", "status", "is_open", "window_state", "as_of",
               "window_start",
               "window_end", "window_text", "max_cap_twd", "phones", "source"]


def register(app: typer.Typer) -> None:
    """Add `fudao measures` to the app."""
    app.add_typer(measures_app, name="measures")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_day(value, "--open-on")
    except Invalid as exc:
        fail(str(exc))


@measures_app.command("list", help="列出輔導措施（預設只列已發布且目前受理者）。")
def list_command(
    facet: str = typer.Option(None, "--facet", help="面向，例如 人才、金融支持"),
    agency: str = typer.Option(None, "--agency", help="主辦或執行機關（舊名、簡稱皆可）"),
    instrument: str = typer.Option(None, "--instrument", help="grant、loan、guarantee、training、consulting、tax_credit、service"),
    open_on: str = typer.Option(None, "--open-on", help="在此日期受理中（YYYY-MM-DD）"),
    status: str = typer.Option(None, "--status", help="draft、reviewed、published、retired"),
    include_all: bool = typer.Option(False, "--all", help="列出所有措施，不論狀態或申請期間"),
    state: str = typer.Option(None, "--state", help="受理狀態：open、not_stated、unconfirmed、closed"),
    min_amount: int = typer.Option(None, "--min-amount", help="金額上限至少（元），例如 5000000"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 輸出"),
    as_csv: bool = typer.Option(False, "--csv", help="以 CSV 輸出"),
) -> None:
    """List measures with filters; JSON carries the facet counts."""
    if as_json and as_csv:
        fail("--json 與 --csv 只能擇一")
    on = _parse_date(open_on)
    ready()
    from fudao.catalogue.services import FilterError, list_measures

    with user_errors(FilterError):
        result = list_measures(facet=facet, agency=agency, instrument=instrument, open_on=on,
                               status=status, include_all=include_all, state=state,
                               min_amount_twd=min_amount)
    from fudao.matching.coverage import coverage

    result["coverage"] = coverage(result["measures"])
    if as_json:
        emit_json(result)
    elif as_csv:
        _write_csv(result["measures"])
    else:
        _print_table(result)


@measures_app.command("show", help="查看一項輔導措施的完整內容與出處。")
def show_command(
    measure_id: str = typer.Argument(..., help="措施代碼，例如 export-loan-guarantee-plus"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 輸出"),
) -> None:
    """Show one measure; an unknown id exits 2 with a zh-TW message."""
    ready()
    from fudao.catalogue.services import MeasureNotFound, get_measure

    with user_errors(MeasureNotFound):
        measure = get_measure(measure_id)
    emit(measure, as_json, _print_measure)


def _max_cap(m: dict[str, Any]) -> int | None:
    caps = [b["value"] for b in m["benefits"] if b.get("unit") == "TWD"]
    return max(caps) if caps else None


def _row(m: dict[str, Any]) -> dict[str, Any]:
    src = m["sources"].get("name", {})
    window = m["window"] or {}
    return {
        "id": m["id"], "name": m["name"], "facet": m["facet"], "instrument": m["instrument"],
        "agency": m["agency"], "status": m["status"], "is_open": m["is_open"],
        "window_state": m["window_state"], "as_of": m["as_of"] or "",
        "window_start": window.get("start") or "", "window_end": window.get("end") or "",
        "window_text": window.get("text") or "", "max_cap_twd": _max_cap(m) or "",
        "phones": " ".join(c["phone"] + (f"#{c['ext']}" if c.get("ext") else "") for c in m["contacts"] if c.get("phone")),
        "source": f"{src.get('doc', '')}:{src.get('line_start', '')}" if src else "",
    }


def _write_csv(measures: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for m in measures:  # names and agencies are typed by editors: never a live formula
        writer.writerow({key: csv_cell(value) for key, value in _row(m).items()})


def _print_table(result: dict[str, Any]) -> None:
    from fudao.catalogue.freshness import STATE_LABELS

    table = Table("代碼", "名稱", "面向", "主辦機關", "狀態", "受理")
    for m in result["measures"]:
        table.add_row(m["id"], m["name"], m["facet"], m["agency"], m["status"], m["window_label"])
    out = Console()
    out.print(table)
    counts = "、".join(f"{k} {v}" for k, v in sorted(result["facets"].items()))
    out.print(f"共 {result['count']} 項（{counts}）", highlight=False)
    states = "、".join(f"{STATE_LABELS[k]} {v}" for k, v in result["states"].items() if v)
    out.print(f"受理狀態：{states}", highlight=False)
    _print_coverage(out, result.get("coverage") or {})


def _print_coverage(out: Console, figures: dict[str, Any]) -> None:
    """One line per document: measures decided by rules, informational, not yet encoded."""
    from fudao.matching.coverage import KINDS, LABELS

    for doc, row in figures.items():
        parts = "、".join(f"{LABELS[k]} {row[k]}" for k in KINDS)
        out.print(f"資格規則涵蓋 {doc}：共 {row['measures']} 項（{parts}）", highlight=False)


def _listing_words(listing: dict[str, Any] | None) -> str:
    """Where the document lists the measure, as words: 「租稅優惠」項下的措施10."""
    if not listing or not listing.get("label"):
        return ""
    group = listing.get("group")
    return f"「{group}」項下的{listing['label']}" if group else str(listing["label"])


def _print_measure(m: dict[str, Any]) -> None:
    out = Console()
    out.print(f"[bold]{m['name']}[/bold]（{m['id']}，{m['status']}）")
    window = m["window"] or {}
    for label, value in (("面向", m["facet"]), ("主辦機關", m["agency"]), ("簡介", m["summary"]),
                         ("服務對象", m["target"]), ("申請期間", window.get("text", "")),
                         ("文件所列", _listing_words(m.get("listing"))),
                         ("受理", m["window_label"]), ("資料日期", m["as_of"] or "")):
        if value:
            out.print(f"{label}：{value}", highlight=False)
    for b in m["benefits"]:
        out.print(f"  · {b['kind']}：{b['value']} {b['unit']}（{b['text']}）", highlight=False)
    for c in m["contacts"]:
        ext = f" 分機 {c['ext']}" if c.get("ext") else ""
        out.print(f"  ☎ {c.get('org') or ''} {c.get('person') or ''} {c.get('phone') or ''}{ext}", highlight=False)
    src = m["sources"].get("name")
    if src:
        out.print(f"出處：{src['doc']} 第 {src['line_start']} 行起", highlight=False)
