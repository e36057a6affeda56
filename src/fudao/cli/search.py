"""`fudao search QUERY` and `fudao ask QUESTION`: ranked passages and cited answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from fudao.cli.common import emit, fail, ready, run_batch, user_errors


def register(app: typer.Typer) -> None:
    """Add `fudao search` and `fudao ask` to the app."""
    app.command("search", help="搜尋文件段落（依相關程度排序，附原文行號）。")(search)
    app.command("ask", help="以文件內容回答問題，並附出處（文件與原文行號）。")(ask)


def _check_text(text: str | None, batch: str | None, label: str) -> None:
    if batch is None and text is None:
        fail(f"請提供{label}，或以 --batch 指定批次檔案")
    if batch is not None and text is not None:
        fail(f"--batch 與{label}不可同時使用")


def search(
    query: str = typer.Argument(None, help="查詢文字", show_default=False),
    k: int = typer.Option(10, "-k", "--k", help="回傳筆數（1 到 100）"),
    doc: str = typer.Option(None, "--doc", help="只搜尋這份文件（檔名主幹，如 002_45bc8db0303d28b9）"),
    batch: str = typer.Option(None, "--batch", help="JSON Lines 批次檔（每行 {\"id\",\"query\"}；- 為標準輸入）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 輸出"),
) -> None:
    """Ranked passages for a query."""
    from fudao.search import query as q

    def run(text: str) -> dict[str, Any]:
        from fudao.search.services import search as run_search

        return run_search(text, k=k, doc=doc).to_dict()

    _answer_text(query, batch, "查詢文字", as_json, run, _print_hits, check=lambda: q.check_k(k))


def ask(
    question: str = typer.Argument(None, help="問題", show_default=False),
    batch: str = typer.Option(None, "--batch", help="JSON Lines 批次檔（每行 {\"id\",\"query\"}；- 為標準輸入）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 輸出"),
) -> None:
    """A short cited answer to a question."""

    def run(text: str) -> dict[str, Any]:
        from fudao.search.services import ask as run_ask

        return run_ask(text).to_dict()

    _answer_text(question, batch, "問題", as_json, run, _print_answer)


def _answer_text(
    text: str | None,
    batch: str | None,
    label: str,
    as_json: bool,
    run: Callable[[str], dict[str, Any]],
    show: Callable[[dict[str, Any]], None],
    *,
    check: Callable[[], object] | None = None,
) -> None:
    """Check the input before starting Django (`check`, then the text), then answer the text,
    or every line of the batch, with `run`."""
    _check_text(text, batch, label)
    from fudao.search.query import QueryError, check_query

    with user_errors(QueryError):
        if check is not None:
            check()
        if text is not None:
            check_query(text)
    ready()
    if batch is not None:
        run_batch(batch, "query", run)
        return
    assert text is not None  # _check_text: a text or a batch
    with user_errors(QueryError):
        result = run(text)
    emit(result, as_json, show)


def _print_hits(result: dict[str, Any]) -> None:
    out = Console()
    if not result["hits"]:
        out.print("沒有找到相關段落。")
        return
    table = Table(show_lines=True)
    for column in ("#", "文件", "行", "章節", "內容", "分數"):
        table.add_column(column)
    for n, hit in enumerate(result["hits"], start=1):
        text = hit["text"] if len(hit["text"]) <= 200 else hit["text"][:200] + "…"
        lines = f"{hit['line_start']}–{hit['line_end']}"
        table.add_row(str(n), hit["doc"], lines, hit["section"], text, f"{hit['score']:.3f}")
    out.print(table)


def _print_answer(result: dict[str, Any]) -> None:
    out = Console()
    out.print(f"[bold]答：[/bold]{result['answer']}", highlight=False)
    for c in result["citations"]:
        out.print(f"出處：{c['doc']} 第 {c['line_start']}–{c['line_end']} 行", highlight=False)
    for m in result["measures"]:
        out.print(f"相關措施：{m.get('name', m.get('id'))}（{m.get('id')}）", highlight=False)
