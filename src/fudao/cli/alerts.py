"""`fudao alerts subscribe|list|run`: saved profiles told when a measure starts to fit them."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from fudao.cli.common import acting, emit, ready, user_errors

alerts_app = typer.Typer(help="新措施通知：代企業訂閱、列出訂閱、立即比對並排入通知信。", no_args_is_help=True)
AsUser = Annotated[str | None, typer.Option("--as", help="以此帳號身分執行（預設為本機管理者）")]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 輸出")]


def register(app: typer.Typer) -> None:
    """Add `fudao alerts` to the app."""
    app.add_typer(alerts_app, name="alerts")


@alerts_app.command("subscribe", help="顧問代已登錄的企業訂閱（以企業資料比對，記錄同意者與時間，寄出確認信）。")
def subscribe(
    ubn: str = typer.Option(..., "--ubn", help="統一編號"),
    email: str = typer.Option(..., "--email", help="企業聯絡人的電子郵件"),
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Subscribe an enterprise on record for its contact."""
    ready()
    from fudao.alerts.models import SUBSCRIPTION_STATES
    from fudao.alerts.running import site_url
    from fudao.alerts.services import AlertError, subscribe_enterprise

    actor = acting(as_user)
    with user_errors(AlertError):
        done = subscribe_enterprise(ubn=ubn, email=email, by=actor, site_url=site_url())
    result: dict[str, Any] = {"id": done.pk, "status": done.state, "ubn": ubn, "email": done.email,
                              "consent_by": done.consent_by_name}

    def show(r: dict[str, Any]) -> None:
        sys.stdout.write(f"已為統一編號 {ubn} 建立訂閱（{SUBSCRIPTION_STATES[r['status']]}），確認信將寄至 {r['email']}\n")

    emit(result, as_json, show)


@alerts_app.command("list", help="訂閱及其狀態（待確認、已確認、已取消）。")
def list_command(as_user: AsUser = None, as_json: AsJson = False) -> None:
    """List the subscriptions the actor may read (an analyst sees the addresses masked)."""
    ready()
    from fudao.alerts.models import SUBSCRIPTION_STATES
    from fudao.alerts.selectors import SubscriptionsDenied, subscriptions

    actor = acting(as_user)
    with user_errors(SubscriptionsDenied):
        rows = subscriptions(actor)

    def show(data: dict[str, Any]) -> None:
        for r in data["subscriptions"]:
            sys.stdout.write(f"{r['id']:>6}  {r['email']}  {SUBSCRIPTION_STATES[r['status']]}  "
                             f"{r['ubn'] or '（自行訂閱）'}  通知 {r['alerts']} 封\n")

    emit({"subscriptions": rows}, as_json, show)


@alerts_app.command("run", help="立即以 SQL 比對所有已確認的訂閱，排入新符合措施的通知信（由背景工作寄出）。")
def run(as_json: AsJson = False) -> None:
    """Screen every confirmed subscription now and queue the digests."""
    ready()
    from fudao.alerts.running import run_alerts, site_url

    def show(r: dict[str, int]) -> None:
        sys.stdout.write(f"已比對 {r['screened']} 筆訂閱，排入 {r['queued']} 封通知信\n")

    emit(run_alerts(site_url=site_url()), as_json, show)
