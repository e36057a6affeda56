"""`fudao campaigns create|show|calls|record`: outreach campaigns over the store's enterprises."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from fudao.cli.common import acting, emit, fail, ready, user_errors

campaigns_app = typer.Typer(help="外撥活動：篩選資料庫中的企業、分派通話名單、記錄通話結果。",
                            no_args_is_help=True)
AsUser = Annotated[str | None, typer.Option("--as", help="以此帳號身分執行（預設為本機管理者）")]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 輸出")]
CampaignId = Annotated[str, typer.Argument(help="活動編號")]


def register(app: typer.Typer) -> None:
    """Add `fudao campaigns` to the app."""
    app.add_typer(campaigns_app, name="campaigns")


def _errors() -> tuple[type[Exception], ...]:
    from fudao.outreach.services import CampaignError, CampaignNotFound
    from fudao.rules.loader import RuleFileError

    return CampaignError, CampaignNotFound, RuleFileError


def _visible(actor: Any, campaign_id: str) -> Any:
    """The campaign, or CampaignNotFound when it does not exist or the actor may not see it."""
    from fudao.outreach import selectors
    from fudao.outreach.services import CampaignNotFound

    campaign = selectors.get_campaign(campaign_id)
    if not selectors.can_view(actor, campaign):
        raise CampaignNotFound(campaign_id)
    return campaign


def _show_text(data: dict[str, Any]) -> None:
    sys.stdout.write(
        f"外撥活動 {data['id']}「{data['name']}」：對象 {data['targets']}（符合 {data['eligible']}、"
        f"待確認 {data['unknown']}），{data['firms']} 家企業；"
        f"分派 {'、'.join(f'{u} {n}' for u, n in data['assigned'].items()) or '無'}；"
        f"通話 {sum(data['calls'].values())} 通，開案 {data['cases_opened']} 件\n")


@campaigns_app.command("create", help="建立外撥活動：篩選企業、排序並分派通話名單；--new-matches 以自上次查看以來新符合措施的企業建立。")
def create(
    name: Annotated[str, typer.Argument(help="活動名稱（--new-matches 時可省略）")] = "",
    measure: Annotated[list[str] | None, typer.Option("--measure", help="措施代碼（可重複）")] = None,
    where: Annotated[list[str] | None, typer.Option("--where", help="篩選條件 欄位=值（可重複），例如 county=臺中市")] = None,
    consultants: str = typer.Option("", "--consultants", help="顧問帳號，以逗號分隔"),
    on: str = typer.Option(None, "--on", help="以此日期（YYYY-MM-DD）適用的門檻判斷"),
    new_matches: bool = typer.Option(False, "--new-matches",
                                     help="對象為 --as 帳號可查看、自上次查看「新符合措施」以來開始符合的企業與措施"),
    since: str = typer.Option(None, "--since", help="與 --new-matches 併用：改以此日期（YYYY-MM-DD）起算"),
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Create a campaign and print its figures."""
    from fudao.cli.match import parse_on

    when = parse_on(on)
    start = _since(since)
    if new_matches and (measure or where):
        fail("--new-matches 的措施與企業取自新符合措施清單，不能再加 --measure 或 --where")
    if not new_matches and since is not None:
        fail("--since 須與 --new-matches 併用")
    if not new_matches and not measure:
        fail("請以 --measure 指定措施（可重複），或使用 --new-matches")
    if not new_matches and not name.strip():
        fail("請填寫活動名稱")
    ready()
    from fudao.outreach import selectors, services

    actor = acting(as_user)
    picked = [c for c in consultants.split(",") if c.strip()]
    with user_errors(*_errors()):
        if new_matches:
            from fudao.alerts.campaigns import create_new_fits_campaign

            campaign = create_new_fits_campaign(by=actor, name=name, since=_start_of(start),
                                                         consultants=picked)
        else:
            campaign = services.create_campaign(
                name=name, measure_ids=measure or [], where=where or [], by=actor, on=when,
                consultants=picked)
        emit(selectors.figures(campaign), as_json, _show_text)


def _since(value: str | None) -> Any:
    """The `--since` day (YYYY-MM-DD), or a zh-TW error."""
    from fudao.validation import Invalid, parse_day

    if value is None:
        return None
    try:
        return parse_day(value, "--since")
    except Invalid as exc:
        fail(str(exc))


def _start_of(day: Any) -> Any:
    """The start of a local day as an aware time (None for None)."""
    import datetime as dt

    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.min)) if day else None


@campaigns_app.command("show", help="外撥活動的統計：對象、分派、通話結果、開案數。")
def show(
    campaign_id: CampaignId,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Print a campaign's figures."""
    ready()
    from fudao.outreach import selectors

    actor = acting(as_user)
    with user_errors(*_errors()):
        emit(selectors.figures(_visible(actor, campaign_id)), as_json, _show_text)


def _calls_text(data: dict[str, Any]) -> None:
    sys.stdout.write(f"「{data['name']}」{data['as']} 的通話名單：待撥 {data['pending']}，已完成 {data['done']}\n")
    for firm in data["firms"]:
        asks = "、".join(q["label"] for q in firm["questions"]) or "無"
        sys.stdout.write(f"  {firm['rank']:>6}  {firm['ubn']}  {firm['name'] or ''}  {firm['county'] or ''}"
                         f"  待問：{asks}\n")


@campaigns_app.command("calls", help="顧問的通話名單（下一家企業在前）。")
def calls(
    campaign_id: CampaignId,
    limit: int = typer.Option(50, "--limit", min=1, max=1000, help="最多列出幾家"),
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Print the acting user's call list."""
    ready()
    from fudao.outreach import selectors

    actor = acting(as_user)
    with user_errors(*_errors()):
        emit(selectors.call_list(_visible(actor, campaign_id), actor, limit=limit), as_json, _calls_text)


@campaigns_app.command("record", help="記錄一通外撥的結果（interested 會開立外撥案件）。")
def record(
    campaign_id: CampaignId,
    ubn: str = typer.Option(..., "--ubn", help="統一編號"),
    outcome: str = typer.Option(..., "--outcome", help="reached、not_reached、declined、interested"),
    facts: str = typer.Option(None, "--facts", help="通話中得知的企業資料（JSON 物件）"),
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Record a call's outcome (and the facts learned)."""
    learned: dict[str, Any] = {}
    if facts:
        try:
            learned = json.loads(facts)
        except json.JSONDecodeError as exc:
            fail(f"--facts 不是有效的 JSON：{exc.msg}")
        if not isinstance(learned, dict):
            fail("--facts 須為 JSON 物件，例如 {\"employees\": 12}")
    ready()
    from fudao.outreach import services

    actor = acting(as_user)
    with user_errors(*_errors()):
        call = services.record_call(campaign_id=_int(campaign_id), ubn=ubn, outcome=outcome,
                                    by=actor, facts=learned)
    result = {"campaign": call.target.campaign_id, "ubn": ubn, "outcome": call.outcome,
              "at": call.at, "by": call.by_name, "facts": call.facts,
              "case_no": call.case.case_no if call.case else None}
    emit(result, as_json, _record_text)


def _record_text(r: dict[str, Any]) -> None:
    sys.stdout.write(f"已記錄 {r['ubn']}：{r['outcome']}"
                     + (f"，開立案件 {r['case_no']}" if r["case_no"] else "") + "\n")


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        fail(f"找不到外撥活動「{value}」")
