"""`fudao users`: people with their role and team, and their API tokens."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from fudao.cli.common import emit, fail, ready, user_errors


def register(app: typer.Typer) -> None:
    """Add `fudao users …` to the app."""
    users = typer.Typer(help="使用者、角色與 API 權杖。", no_args_is_help=True)
    users.command("add", help="新增使用者（密碼由標準輸入讀取或互動輸入兩次）。")(add)
    users.command("token", help="核發新的 API 權杖（只顯示這一次）。")(token)
    users.command("tokens", help="列出使用者的 API 權杖（建立、到期、最近使用）。")(tokens)
    users.command("role", help="變更使用者的角色與團隊。")(role)
    app.add_typer(users, name="users")


def read_password(from_stdin: bool) -> str:
    """The new password: the first line of standard input, or typed twice at the terminal."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            fail("標準輸入沒有密碼（--password-stdin 讀取第一行）")
        return password
    if not sys.stdin.isatty():
        fail("請以 --password-stdin 由標準輸入提供密碼，或在終端機互動輸入")
    first = typer.prompt("密碼", hide_input=True)
    second = typer.prompt("再輸入一次密碼", hide_input=True)
    if first != second:
        fail("兩次輸入的密碼不一致")
    return str(first)


def _actor_json(actor: object) -> dict[str, object]:
    from fudao.accounts.models import Team

    team_id = getattr(actor, "team_id", None)
    team = Team.objects.filter(pk=team_id).first() if team_id else None
    role = getattr(actor, "role", None)
    return {"username": getattr(actor, "username", ""), "role": role.value if role else None,
            "team": team.slug if team else None}


def add(
    username: Annotated[str, typer.Argument(help="帳號")],
    role: Annotated[str, typer.Option("--role", help="角色：consultant、supervisor、analyst、editor、admin")],
    team: Annotated[str | None, typer.Option("--team", help="所屬團隊代碼")] = None,
    email: Annotated[str, typer.Option("--email", help="電子郵件")] = "",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="由標準輸入讀取密碼")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出")] = False,
) -> None:
    """Create a user with one role and at most one team."""
    ready()
    from fudao.accounts.services import AccountError, add_user, parse_role, team_by_slug

    with user_errors(AccountError):
        parse_role(role)  # refuse a bad role or team before asking for a password
        team_by_slug(team)
        password = read_password(password_stdin)
        actor = add_user(username=username, role=role, password=password, team=team, email=email)
    emit(_actor_json(actor), as_json,
         lambda r: typer.echo(f"已建立使用者 {r['username']}（{r['role']}"
                              + (f"，團隊 {r['team']}" if r["team"] else "") + "）"))


def token(
    username: Annotated[str, typer.Argument(help="帳號")],
    days: Annotated[int | None, typer.Option("--days", help="有效天數（預設 90 天，或 FUDAO_TOKEN_DAYS）")] = None,
    keep: Annotated[bool, typer.Option("--keep", help="保留此帳號先前的權杖（預設會撤銷）")] = False,
    revoke: Annotated[bool, typer.Option("--revoke", help="撤銷此帳號所有的權杖，不核發新的")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出")] = False,
) -> None:
    """Print a new API token for the user (only its digest is kept), or revoke the user's tokens."""
    ready()
    from fudao.accounts.services import AccountError, issue_token, revoke_tokens

    if revoke:
        if days is not None or keep:
            fail("--revoke 不可與 --days 或 --keep 同時使用")
        with user_errors(AccountError):
            count = revoke_tokens(username=username)
        emit({"username": username, "revoked": count}, as_json,
             lambda r: typer.echo(f"已撤銷 {r['username']} 的 {r['revoked']} 個權杖"))
        return
    with user_errors(AccountError):
        value = issue_token(username=username, days=days, keep=keep)
    if as_json:
        emit({"username": username, "token": value}, True, print)
    else:
        typer.echo(value)
        sys.stderr.write("請妥善保存此權杖：它只會顯示這一次（使用方式：Authorization: Bearer <權杖>）\n")


def tokens(
    username: Annotated[str, typer.Argument(help="帳號")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出")] = False,
) -> None:
    """List the user's API tokens: prefix, creation, expiry, last use and state."""
    ready()
    from fudao.accounts.services import AccountError, list_tokens

    with user_errors(AccountError):
        rows = list_tokens(username=username)
    states = {"active": "有效", "expired": "已過期", "revoked": "已撤銷"}
    lines = [f"{t['prefix']}…　{states[t['state']]}　建立 {_when(t['created_at'])}　到期 {_when(t['expires_at'])}"
             f"　最近使用 {_when(t['last_used_at'], '未曾使用')}" for t in rows]
    emit({"username": username, "tokens": rows}, as_json,
         lambda _: typer.echo("\n".join(lines) or "（沒有權杖）"))


def _when(value: str | None, none: str = "—") -> str:
    """An ISO instant as a person reads it: 民國 date and the Taipei time."""
    if not value:
        return none
    import datetime as dt

    from fudao.zhtext.rocdates import format_roc_instant

    return format_roc_instant(dt.datetime.fromisoformat(value))


def role(
    username: Annotated[str, typer.Argument(help="帳號")],
    new_role: Annotated[str, typer.Option("--role", help="新角色")],
    team: Annotated[str | None, typer.Option("--team", help="所屬團隊代碼（省略則無團隊）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 輸出")] = False,
) -> None:
    """Change a user's role and team."""
    ready()
    from fudao.accounts.services import AccountError, set_role

    with user_errors(AccountError):
        actor = set_role(username=username, role=new_role, team=team)
    emit(_actor_json(actor), as_json,
         lambda r: typer.echo(f"{r['username']} 的角色已改為 {r['role']}"
                              + (f"（團隊 {r['team']}）" if r["team"] else "")))
