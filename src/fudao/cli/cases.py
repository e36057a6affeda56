"""`fudao cases`: open, update, log, mark a planned visit done, merge, show, list, attach and
triage cases, acting as `--as USER` (whose rights apply and who is recorded) or as the local
administrator."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import AbstractContextManager
from typing import Annotated, Any

import typer

from fudao.cli.case_export import export
from fudao.cli.common import acting, emit, fail, ready, user_errors
from fudao.cli.teams import split_list
from fudao.errors import FudaoError
from fudao.validation import Invalid
from fudao.validation import parse_day as checked_day
from fudao.validation import parse_instant as checked_instant

AsUser = Annotated[str | None, typer.Option("--as", help="以此使用者身分操作（省略則為本機管理者）")]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 輸出")]
CaseNo = Annotated[str, typer.Argument(help="案號")]


def register(app: typer.Typer) -> None:
    """Add `fudao cases …` to the app."""
    cases = typer.Typer(help="服務案件：受理、處理、紀錄與查詢。", no_args_is_help=True)
    cases.command("open", help="受理新案件。")(open_)
    cases.command("update", help="變更案件狀態或承辦人。")(update)
    cases.command("log", help="紀錄案件活動（電話、訪視、轉介、申請…）。")(log)
    cases.command("visit-done", help="將預定的訪視標記為已完成。")(visit_done)
    cases.command("referral", help="記錄轉介的結果（已受理、已完成、未受理）。")(referral)
    cases.command("merge", help="將重複案件併入原案件。")(merge)
    cases.command("show", help="顯示案件（含活動與歷程）。")(show)
    cases.command("list", help="依條件列出案件。")(list_)
    cases.command("attach", help="將檔案（PDF、圖片、Office 文件）或輔導措施加入案件。")(attach)
    cases.command("message", help="寄送訊息給企業（請提供資料、已解決、已轉介、已結案）。")(message)
    cases.command("triage", help="案件的分類建議：適合的措施與文件問答。")(triage)
    cases.command("export", help="匯出某民國年的案件與活動（fudao import 的格式）。")(export)
    app.add_typer(cases, name="cases")


def parse_instant(value: str | None, what: str) -> dt.datetime | None:
    """An ISO 8601 instant (a time without offset is Asia/Taipei), or a zh-TW error naming it."""
    if not value:
        return None
    try:
        return checked_instant(value, what, past_event=False)
    except Invalid as exc:
        fail(str(exc))


def parse_day(value: str | None, what: str) -> dt.date | None:
    """A day (ISO or 民國), or a zh-TW error naming it."""
    if not value:
        return None
    try:
        return checked_day(value, what)
    except Invalid as exc:
        fail(str(exc))


def _errors() -> AbstractContextManager[None]:
    """Every application error of the case services (refusals, bad values, cases not found)
    becomes `錯誤：…` on stderr and exit 2."""
    return user_errors(FudaoError, ValueError)


def _show_case(data: dict[str, Any]) -> None:
    from fudao.cases.vocabulary import CHANNELS, KINDS, STATUSES

    ent = data.get("enterprise") or {}
    typer.echo(f"{data['case_no']}  {STATUSES[data['status']]}  {KINDS[data['kind']]}"
               f"（{CHANNELS[data['channel']]}）  受理 {data['opened_at']}")
    if ent:
        typer.echo(f"  企業：{ent.get('name') or ''} {ent.get('ubn')}")
    typer.echo(f"  承辦：{data.get('assignee') or '未指派'}  團隊：{data.get('team') or '無'}")
    typer.echo(f"  首次回應期限：{data.get('first_response_due')}  結案期限：{data.get('resolution_due')}")
    if data.get("summary"):
        typer.echo(f"  摘要：{data['summary']}")
    for a in data.get("activities", []):
        typer.echo(f"  - {a['at']} {a['type']} {a.get('by') or ''}")


def _case_json(actor: Any, case_no: str) -> dict[str, Any]:
    from fudao.cases.selectors import case_json, get_case

    return case_json(actor, get_case(actor, case_no))


def open_(
    channel: Annotated[str, typer.Option("--channel", help="來源：hotline、web、walk_in、email、visit、outreach、referral")],
    kind: Annotated[str, typer.Option("--kind", help="類別：inquiry、counselling、financing、debt、consultation_day")],
    ubn: Annotated[str | None, typer.Option("--ubn", help="企業統一編號")] = None,
    name: Annotated[str, typer.Option("--name", help="企業名稱")] = "",
    contact_name: Annotated[str, typer.Option("--contact-name", help="聯絡人姓名")] = "",
    contact_phone: Annotated[str, typer.Option("--contact-phone", help="聯絡電話")] = "",
    contact_email: Annotated[str, typer.Option("--contact-email", help="聯絡人電子郵件")] = "",
    consent: Annotated[bool, typer.Option("--consent", help="聯絡人同意後續聯繫")] = False,
    needs: Annotated[str | None, typer.Option("--needs", help="需求（以逗號分隔）")] = None,
    summary: Annotated[str, typer.Option("--summary", help="案件摘要")] = "",
    opened_at: Annotated[str | None, typer.Option("--opened-at", help="受理時間（ISO 8601；預設現在）")] = None,
    assign: Annotated[str | None, typer.Option("--assign", help="指派給此使用者")] = None,
    team: Annotated[str | None, typer.Option("--team", help="分派給此團隊")] = None,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Open a numbered case and print it."""
    ready()
    from fudao.cases.services import open_case
    from fudao.enterprises.services import ContactInput

    actor = acting(as_user)
    when = parse_instant(opened_at, "受理時間 --opened-at")
    contact = None
    if contact_name or contact_phone or contact_email:
        contact = ContactInput(name=contact_name, phone=contact_phone, email=contact_email,
                               consent_to_contact=consent)
    with _errors():
        case = open_case(channel=channel, kind=kind, by=actor, ubn=ubn, enterprise_name=name,
                         contact=contact, needs=split_list(needs), summary=summary,
                         opened_at=when, team=team, assignee=assign or None)
    data = _case_json(actor, case.case_no)
    emit(data, as_json, lambda d: typer.echo(f"已受理案件 {d['case_no']}"))


def update(
    case_no: Annotated[str, typer.Argument(help="案號，例如 115-000042")],
    status: Annotated[str | None, typer.Option("--status", help="新狀態")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="結案原因（resolved、closed 必填）：answered、referred、applied、not_eligible、no_reply、duplicate、other")] = None,
    assign: Annotated[str | None, typer.Option("--assign", help="指派給此使用者（- 表示取消指派）")] = None,
    at: Annotated[str | None, typer.Option("--at", help="變更時間（ISO 8601；預設現在）")] = None,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Change a case's status and/or assignee (both or neither are written)."""
    if status is None and assign is None:
        fail("請指定 --status 或 --assign")
    if reason and status is None:
        fail("--reason 須與 --status resolved 或 closed 一併使用")
    ready()
    from fudao.cases import services

    actor = acting(as_user)
    when = parse_instant(at, "時間 --at")
    with _errors():
        services.update_case(case_no=case_no, by=actor, status=status, reason=reason, at=when,
                             assignee=services.UNCHANGED if assign is None
                             else None if assign in ("-", "") else assign)
    data = _case_json(actor, case_no)
    emit(data, as_json, lambda d: typer.echo(f"案件 {d['case_no']}：{d['status']}，承辦 {d['assignee'] or '未指派'}"))


def log(
    case_no: CaseNo,
    activity: Annotated[str, typer.Argument(help="活動類型：call、email、note、visit、diagnosis、referral、application、financing_outcome、debt_outcome、follow_up")],
    at: Annotated[str | None, typer.Option("--at", help="活動時間（ISO 8601；預設現在）")] = None,
    data: Annotated[str | None, typer.Option("--data", help="活動欄位（JSON 物件）")] = None,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Log an activity on a case."""
    fields: Any = None
    if data:
        try:
            fields = json.loads(data)
        except json.JSONDecodeError as exc:
            fail(f"--data 不是有效的 JSON：{exc.msg}")
    ready()
    from fudao.cases.selectors import activity_json
    from fudao.cases.services import log_activity

    actor = acting(as_user)
    when = parse_instant(at, "活動時間 --at")
    with _errors():
        row = log_activity(case_no=case_no, type=activity, by=actor, data=fields, at=when)
    emit({"case_no": case_no, "activity": activity_json(row)}, as_json,
         lambda r: typer.echo(f"已紀錄 {r['case_no']} 的活動 {activity}"))


def visit_done(
    case_no: CaseNo,
    visit_id: Annotated[str, typer.Argument(help="預定訪視的活動編號（見 fudao cases show 的 activities[].id）")],
    at: Annotated[str | None, typer.Option("--at", help="訪視時間（ISO 8601；預設現在）")] = None,
    experts: Annotated[str | None, typer.Option("--experts", help="專家（以逗號分隔；省略則沿用預定的專家）")] = None,
    expert_codes: Annotated[str | None, typer.Option("--expert-codes", help="專家庫的專家代碼（以逗號分隔；省略則沿用預定的專家）")] = None,
    text: Annotated[str | None, typer.Option("--text", help="訪視紀要（省略則沿用預定時的說明）")] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="方式：onsite、online、phone（省略則沿用）")] = None,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Mark a planned visit done (when it took place, its experts and notes)."""
    if not visit_id.strip().isdigit():
        fail(f"訪視編號「{visit_id}」須為數字（見 fudao cases show 的 activities[].id）")
    ready()
    from fudao.cases.selectors import activity_json
    from fudao.cases.services import complete_visit

    actor = acting(as_user)
    when = parse_instant(at, "訪視時間 --at")
    with _errors():
        row = complete_visit(case_no=case_no, visit_id=int(visit_id), by=actor, at=when, mode=mode, text=text,
                             experts=split_list(experts) if experts is not None else None,
                             expert_codes=split_list(expert_codes) if expert_codes is not None else None)
    emit({"case_no": case_no, "activity": activity_json(row)}, as_json,
         lambda r: typer.echo(f"已將 {r['case_no']} 的訪視 #{visit_id} 標記為完成"))


def referral(
    case_no: CaseNo,
    referral_id: Annotated[str, typer.Argument(help="轉介的活動編號（見 fudao cases show 的 activities[].id）")],
    outcome: Annotated[str, typer.Option("--outcome", help="結果：accepted（已受理）、done（已完成）、declined（未受理）")],
    note: Annotated[str, typer.Option("--note", help="說明")] = "",
    at: Annotated[str | None, typer.Option("--at", help="時間（ISO 8601 或民國日期；預設現在）")] = None,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Record a referral's acceptance or end, with a note."""
    if not referral_id.strip().isdigit():
        fail(f"轉介編號「{referral_id}」須為數字（見 fudao cases show 的 activities[].id）")
    ready()
    from fudao.cases.activities import REFERRAL_OUTCOMES
    from fudao.cases.referrals import update_referral
    from fudao.cases.selectors import activity_json

    actor = acting(as_user)
    when = parse_instant(at, "時間 --at")
    with _errors():
        row = update_referral(case_no=case_no, referral_id=int(referral_id), outcome=outcome, note=note,
                              by=actor, at=when)
    emit({"case_no": case_no, "activity": activity_json(row)}, as_json,
         lambda r: typer.echo(f"已記錄 {r['case_no']} 的轉介 #{referral_id}：{REFERRAL_OUTCOMES.get(outcome, outcome)}"))


def merge(
    case_no: Annotated[str, typer.Argument(help="重複的案號")],
    into: Annotated[str, typer.Option("--into", help="原案件的案號")],
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Merge a duplicate case into its original."""
    ready()
    from fudao.cases.services import merge_case

    actor = acting(as_user)
    with _errors():
        merge_case(case_no=case_no, into=into, by=actor)
    data = _case_json(actor, case_no)
    emit(data, as_json, lambda d: typer.echo(f"案件 {d['case_no']} 已併入 {d['merged_into']}"))


def show(
    case_no: CaseNo,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Print the case JSON (a case the user may not see is not found)."""
    ready()
    actor = acting(as_user)
    with _errors():
        data = _case_json(actor, case_no)
    emit(data, as_json, _show_case)


def list_(
    status: Annotated[str | None, typer.Option("--status", help="狀態")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="類別")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="來源")] = None,
    team: Annotated[str | None, typer.Option("--team", help="團隊代碼")] = None,
    assignee: Annotated[str | None, typer.Option("--assignee", help="承辦人（- 表示未指派）")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列逾期案件")] = False,
    date_from: Annotated[str | None, typer.Option("--from", help="受理日起（YYYY-MM-DD）")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="受理日止（YYYY-MM-DD）")] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多列出筆數")] = 200,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """List the cases the user may see that match the filters: {"cases", "count"}."""
    if not 1 <= limit <= 1000:
        fail(f"--limit 須介於 1 到 1000 之間（收到 {limit}）")
    ready()
    from fudao.cases.selectors import CaseFilters, list_cases

    actor = acting(as_user)
    filters = CaseFilters(status=status, kind=kind, channel=channel, team=team, assignee=assignee,
                          overdue=overdue, opened_from=parse_day(date_from, "--from"),
                          opened_to=parse_day(date_to, "--to"), limit=limit)
    with _errors():
        result = list_cases(actor, filters)

    def table(r: dict[str, Any]) -> None:
        for c in r["cases"]:
            typer.echo(f"{c['case_no']}  {c['status']:<18} {c['kind']:<16} {c['assignee'] or '-'}")
        typer.echo(f"共 {r['count']} 件")

    emit(result, as_json, table)


def attach(
    case_no: CaseNo,
    target: Annotated[str, typer.Argument(help="檔案路徑（PDF、圖片、Office 文件），或輔導措施代碼")],
    activity: Annotated[int | None, typer.Option("--activity", help="附在此活動上（活動編號，見 cases show）")] = None,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Keep a file on a case (TARGET is a file path), or attach a catalogue measure (TARGET is
    a measure id)."""
    from pathlib import Path

    path = Path(target)
    is_file = path.is_file() or "/" in target or "." in path.name  # measure ids have no dots
    if is_file and not path.is_file():
        fail(f"找不到檔案：{target}")
    ready()
    actor = acting(as_user)
    if is_file:
        from fudao.cases import attachments

        with _errors(), path.open("rb") as handle:
            upload = attachments.read_upload(path.name, handle)
            row = attachments.add_attachment(case_no=case_no, by=actor, upload=upload, activity_id=activity)
        emit({"case_no": case_no, **attachments.attachment_json(row)}, as_json,
             lambda r: typer.echo(f"已將檔案「{r['name']}」（{r['bytes']:,} 位元組）附加到案件 {r['case_no']}"))
        return
    if activity is not None:
        fail("--activity 只用於附加檔案")
    from fudao.cases.services import attach_measure

    with _errors():
        row_m = attach_measure(case_no=case_no, measure_id=target, by=actor)
    result = {"case_no": case_no, "measure_id": row_m.measure_id, "name": row_m.name,
              "status": row_m.status, "max_amount_twd": row_m.max_amount_twd}
    emit(result, as_json, lambda r: typer.echo(f"已將措施 {r['name']} 加入案件 {r['case_no']}"))


def message(
    case_no: CaseNo,
    kind: Annotated[str, typer.Option("--kind", help="種類：request_info（請提供資料）、resolved、referred、closed")],
    text: Annotated[str, typer.Option("--text", help="訊息內容")],
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """E-mail the case's contact through the worker (request_info: the case waits on the
    enterprise and the e-mail carries its private reply link; FUDAO_SITE_URL is the site)."""
    ready()
    from fudao.cases.messages import send_message
    from fudao.cases.selectors import activity_json

    actor = acting(as_user)
    with _errors():
        row = send_message(case_no=case_no, kind=kind, text=text, by=actor)
    emit({"case_no": case_no, "activity": activity_json(row)}, as_json,
         lambda r: typer.echo(f"已排入寄送：案件 {r['case_no']} 的訊息（由 fudao worker 寄出）"))


def triage(
    case_no: CaseNo,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """The measures that fit the case's enterprise and a cited answer to its summary."""
    ready()
    from fudao.cases.selectors import get_case
    from fudao.cases.triage import triage as run_triage

    actor = acting(as_user)
    with _errors():
        result = run_triage(get_case(actor, case_no))

    def show_triage(r: dict[str, Any]) -> None:
        for m in r["measures"]:
            typer.echo(f"{m['status']:<11} {m['measure_id']}  {m['name']}")
        if r.get("answer"):
            typer.echo(str(r["answer"].get("answer", "")))

    emit(result, as_json, show_triage)
