"""`fudao teams`: the service points and service teams cases are routed to."""

from __future__ import annotations

from typing import Annotated

import typer

from fudao.cli.common import emit, ready, user_errors


def register(app: typer.Typer) -> None:
    """Add `fudao teams …` to the app."""
    teams = typer.Typer(help="服務團隊（服務據點）。", no_args_is_help=True)
    teams.command("add", help="新增服務團隊（同代碼者改名）。")(add)
    app.add_typer(teams, name="teams")


def split_list(value: str | None) -> list[str]:
    """`a,b，c` → ["a", "b", "c"] (empty items dropped)."""
    if not value:
        return []
    return [part.strip() for part in value.replace("，", ",").replace("、", ",").split(",") if part.strip()]


def add(
    slug: Annotated[str, typer.Argument(help="團隊代碼，例如 north")],
    name: Annotated[str, typer.Argument(help="團隊名稱，例如 北區服務中心")],
    counties: Annotated[str | None, typer.Option("--counties", help="負責縣市（以逗號分隔）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出")] = False,
) -> None:
    """Create a team (or rename the one with this slug)."""
    ready()
    from fudao.accounts.services import AccountError, add_team

    with user_errors(AccountError):
        team = add_team(slug=slug, name=name, counties=split_list(counties))
    result = {"slug": team.slug, "name": team.name, "counties": list(team.counties or [])}
    emit(result, as_json, lambda r: typer.echo(f"已建立團隊 {r['slug']}（{r['name']}）"))
