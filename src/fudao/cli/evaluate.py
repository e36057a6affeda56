"""`fudao eval`: the project's quality figures on its development sets."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from fudao.cli.common import emit, fail, ready


def register(app: typer.Typer) -> None:
    """Add `fudao eval` to the app."""
    app.command("eval", help="在開發集上計算搜尋與問答的品質指標（及措施擷取指標）。")(evaluate)


def evaluate(
    as_json: bool = typer.Option(False, "--json", help="以 JSON 輸出"),
    tune: bool = typer.Option(False, "--tune", help="先在開發集上校準拒答門檻並寫入套件資料"),
    tune_ranking: bool = typer.Option(False, "--tune-ranking", help="另在第一開發集上重新調整排序權重（只看檢索指標）"),
) -> None:
    """Search/answer figures on the dev set, plus the catalogue's extraction figures if available."""
    ready()
    from fudao.catalogue.evaluation import evaluate_extraction
    from fudao.matching.coverage import store_coverage
    from fudao.search.evaluation import (
        BLIND4_SET,
        BLIND_SET,
        DEV2_SET,
        DEV3_SET,
        DEV_SET,
        save_tuning,
    )
    from fudao.search.evaluation import evaluate as run
    from fudao.search.index import get_index

    if not DEV_SET.is_file():
        fail(f"找不到開發集：{DEV_SET}")
    if not get_index().records:
        fail("索引中沒有文件，請先執行 fudao ingest")
    figures: dict[str, Any] = {}
    if tune or tune_ranking:
        figures["tuning"] = save_tuning(ranking_too=tune_ranking)
    figures["search"] = run()
    figures["search_dev2"] = run(DEV2_SET) if DEV2_SET.is_file() else None
    figures["search_dev3"] = run(DEV3_SET) if DEV3_SET.is_file() else None
    # The blind set is only ever evaluated, after any tuning, and reported apart.
    figures["search_blind"] = run(BLIND_SET) if BLIND_SET.is_file() else None
    figures["search_blind4"] = run(BLIND4_SET) if BLIND4_SET.is_file() else None
    figures["extraction"] = evaluate_extraction()
    figures["rules_coverage"] = store_coverage()
    emit(figures, as_json, _print)


METRICS = (
    "recall@1", "recall@5", "recall@10", "mrr@10", "answer_accuracy", "answers_cited",
    "right_answers_citing_gold", "false_refusal_rate",
)
# Figures of a whole set only (not split by language).
SET_METRICS = ("answers_citing_their_words",)


def _table(title: str, s: dict[str, Any]) -> Table:
    langs = sorted(s["by_lang"])
    table = Table(title=f"{title}（{s['questions']} 題，可回答 {s['answerable']} 題）")
    table.add_column("指標")
    table.add_column("全部", justify="right")
    for lang in langs:
        table.add_column(lang, justify="right")
    for key in METRICS:
        table.add_row(key, f"{s[key]:.3f}", *(f"{s['by_lang'][lang][key]:.3f}" for lang in langs))
    table.add_row("false_refusals", str(s["false_refusals"]), *(str(s["by_lang"][lang]["false_refusals"]) for lang in langs))
    for key in SET_METRICS:
        table.add_row(key, f"{s.get(key, 0):.3f}", *("" for _ in langs))
    table.add_row("answer_chars_median", f"{s.get('answer_chars_median', 0):.0f}", *("" for _ in langs))
    return table


def _print(figures: dict[str, Any]) -> None:
    out = Console()
    out.print(_table("搜尋與問答：開發集", figures["search"]))
    if figures.get("search_dev2") is not None:
        out.print(_table("搜尋與問答：第二開發集（僅依文件撰寫，用於調整）", figures["search_dev2"]))
    if figures.get("search_dev3") is not None:
        out.print(_table("搜尋與問答：第三開發集（僅依文件撰寫，用於調整）", figures["search_dev3"]))
    if figures.get("search_blind") is None:
        out.print("盲測集：尚無（eval/search_blind.jsonl 不存在）")
    else:
        out.print(_table("搜尋與問答：盲測集（不用於調整）", figures["search_blind"]))
    if figures.get("search_blind4") is not None:
        out.print(_table("搜尋與問答：第四盲測集（來電口吻，不用於調整）", figures["search_blind4"]))
    if figures["extraction"] is None:
        out.print("措施擷取指標：尚無（catalogue.evaluation 不可用）")
    else:
        out.print_json(data=figures["extraction"])
    from fudao.cli.measures import _print_coverage

    _print_coverage(out, figures.get("rules_coverage") or {})
