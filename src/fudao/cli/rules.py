"""`fudao rules load|list|show`: eligibility rules as data (DESIGN "Rules as data")."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from fudao.cli.common import acting, emit, ready, user_errors

rules_app = typer.Typer(help="資格規則：載入、檢查、發布與查看各措施的規則版本。", no_args_is_help=True)
AsUser = Annotated[str | None, typer.Option("--as", help="以此帳號身分執行（預設為本機管理者）")]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 輸出")]


def register(app: typer.Typer) -> None:
    """Add `fudao rules` to the app."""
    app.add_typer(rules_app, name="rules")


def _errors() -> tuple[type[Exception], ...]:
    from fudao.rules.loader import RuleFileError
    from fudao.rules.services import RulePermissionError, RuleVersionNotFound

    return RuleFileError, RulePermissionError, RuleVersionNotFound


def _when(value: Any) -> str:
    from django.utils import timezone

    from fudao.zhtext.rocdates import format_roc_date

    if value is None:
        return "未發布"
    local = timezone.localtime(value)
    return f"{format_roc_date(local.date())} {local:%H:%M}"


def _load_text(data: dict[str, Any]) -> None:
    state = ("已發布，現行使用" if data["published_now"] else
             "已發布（內容與現行版本相同）" if data["published_at"] else "已載入，待發布")
    new = "新版本" if data["created"] else "內容與最新版本相同，未新增版本"
    sys.stdout.write(f"「{data['name']}」（{data['measure_id']}）第 {data['version']} 版：{new}；"
                     f"{data['cases']} 個測試案例全部通過；{state}\n")


def _list_text(data: dict[str, Any]) -> None:
    for row in data["rules"]:
        v = row["in_use"]
        use = (f"現行第 {v['version']} 版，{v['published_by']} 發布於 {_when(v['published_at'])}"
               if v else "尚無發布版本")
        wait = f"，{row['pending']} 版待發布" if row["pending"] else ""
        sys.stdout.write(f"{row['measure_id']}  {row['name']}  {use}（共 {row['versions']} 版{wait}）\n")


def _show_text(data: dict[str, Any]) -> None:
    sys.stdout.write(f"「{data['name']}」（{data['measure_id']}）的規則版本：\n")
    for v in data["versions"]:
        mark = "＊現行" if v["in_use"] else "　　　"
        who = f"{v['published_by']} 發布於 {_when(v['published_at'])}" if v["published_at"] else "待發布"
        sys.stdout.write(f"{mark} 第 {v['version']} 版  {v['loaded_by']} 載入於 {_when(v['loaded_at'])}；"
                         f"{who}；{v['cases']} 個測試案例\n")
    if data["rule_text"]:
        sys.stdout.write("\n現行版本內容：\n" + data["rule_text"])


@rules_app.command("load", help="檢查規則檔（欄位、運算、參數出處）並執行其旁的測試案例；"
                               "--publish 使其成為 match、screen 與外撥活動使用的版本。")
def load(
    file: Annotated[Path, typer.Argument(help="規則檔（措施代碼.yaml，旁有 措施代碼.tests.yaml）")],
    publish: bool = typer.Option(False, "--publish", help="通過後立即發布"),
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Check a rules file, keep it as a version and optionally publish it."""
    ready()
    from fudao.rules import services

    actor = acting(as_user)
    with user_errors(*_errors()):
        result = services.load_file(path=file, publish=publish, by=actor)
    emit(result, as_json, _load_text)


@rules_app.command("list", help="各措施的規則：現行版本、發布者與發布時間、版本數。")
def list_command(as_json: AsJson = False) -> None:
    """List the measures with rules and their version in use."""
    ready()
    from fudao.rules import selectors

    emit(selectors.rules_list(), as_json, _list_text)


@rules_app.command("show", help="一項措施的所有規則版本，與現行版本的內容。")
def show(
    measure_id: Annotated[str, typer.Argument(help="措施代碼")],
    as_json: AsJson = False,
) -> None:
    """Show every version of a measure's rules."""
    ready()
    from fudao.rules import selectors

    with user_errors(*_errors()):
        emit(selectors.rule_detail(measure_id), as_json, _show_text)
