"""`fudao experts`: the expert pool a visit chooses from (add/update, list, show with visits)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from fudao.cli.common import acting, emit, ready, user_errors
from fudao.cli.teams import split_list
from fudao.errors import Invalid


def register(app: typer.Typer) -> None:
    """Add `fudao experts …` to the app."""
    experts = typer.Typer(help="專家庫（訪視可選的產學研專家）。", no_args_is_help=True)
    experts.command("add", help="新增專家（同代碼者更新）。")(add)
    experts.command("list", help="列出專家庫（可依專長面向或服務縣市篩選）。")(list_)
    experts.command("show", help="顯示一位專家與其訪視紀錄。")(show)
    app.add_typer(experts, name="experts")


def _line(e: dict[str, Any]) -> str:
    domains = "、".join(e["domain_labels"]) or "（未填專長）"
    where = e["region_label"] + ("：" + "、".join(e["counties"]) if e["counties"] else "")
    contact = "　".join(x for x in (e["phone"], e["email"]) if x)
    return f"{e['code']}　{e['name']}　{domains}　{where or '（未填區域）'}　{contact}".rstrip()


def add(
    code: Annotated[str, typer.Argument(help="專家代碼，例如 chen-finance")],
    name: Annotated[str, typer.Argument(help="專家姓名")],
    domains: Annotated[str | None, typer.Option("--domains", help="專長面向（以逗號分隔，例如 finance,management）")] = None,
    region: Annotated[str, typer.Option("--region", help="服務區域：north、central、south、east、islands、national")] = "",
    counties: Annotated[str | None, typer.Option("--counties", help="服務縣市（以逗號分隔）")] = None,
    phone: Annotated[str, typer.Option("--phone", help="聯絡電話")] = "",
    email: Annotated[str, typer.Option("--email", help="電子郵件")] = "",
    inactive: Annotated[bool, typer.Option("--inactive", help="移出專家庫（不再供訪視選擇）")] = False,
    as_user: Annotated[str | None, typer.Option("--as", help="以此帳號身分操作")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出")] = False,
) -> None:
    """Create an expert (or update the one with this code), with its history rows."""
    ready()
    from fudao.cases.experts import ExpertInput, expert_json, save_expert

    actor = acting(as_user)
    with user_errors(Invalid):
        expert = save_expert(code=code, by=actor, given=ExpertInput(
            name=name, domains=split_list(domains), region=region, counties=split_list(counties),
            phone=phone, email=email, active=not inactive))
    emit(expert_json(expert), as_json, lambda r: typer.echo(f"已儲存專家 {r['code']}（{r['name']}）"))


def list_(
    domain: Annotated[str | None, typer.Option("--domain", help="專長面向，例如 finance")] = None,
    county: Annotated[str | None, typer.Option("--county", help="服務縣市，例如 臺中市")] = None,
    all_: Annotated[bool, typer.Option("--all", help="包含已移出專家庫者")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出")] = False,
) -> None:
    """The pool, by code."""
    ready()
    from fudao.cases.experts import expert_json, list_experts

    with user_errors(Invalid):
        rows = [expert_json(e) for e in list_experts(domain=domain, county=county, include_inactive=all_)]

    def show_rows(result: dict[str, Any]) -> None:
        if not result["experts"]:
            typer.echo("專家庫沒有符合的專家")
        for e in result["experts"]:
            typer.echo(_line(e))

    emit({"experts": rows}, as_json, show_rows)


def show(
    code: Annotated[str, typer.Argument(help="專家代碼")],
    as_user: Annotated[str | None, typer.Option("--as", help="以此帳號身分查看（只列出可見案件的訪視）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出")] = False,
) -> None:
    """One expert and the visits they made, on the cases the actor may see."""
    ready()
    from fudao.cases.experts import expert_json, expert_visits, get_expert

    actor = acting(as_user)
    with user_errors(Invalid):
        expert = get_expert(code)
    result = expert_json(expert, expert_visits(actor, expert))

    def show_one(r: dict[str, Any]) -> None:
        typer.echo(_line(r))
        if not r["visits"]:
            typer.echo("尚無訪視紀錄")
        for v in r["visits"]:
            state = "已訪視" if v["done"] else f"預定 {v['planned_for']}"
            typer.echo(f"  {v['case_no']}　{v['at'][:16].replace('T', ' ')}　{state}")

    emit(result, as_json, show_one)
