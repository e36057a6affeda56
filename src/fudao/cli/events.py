"""`fudao events`: add and show events, register and cancel, mark attendance, turn an attendee
into a case, consultation-day slots. Every command takes `--as USER` (else the local
administrator)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from fudao.cli.common import acting, emit, fail, ready, user_errors

events_app = typer.Typer(help="說明會、廣宣活動、專業諮詢日與培訓：報名、候補、出席。", no_args_is_help=True)

AsUser = Annotated[str | None, typer.Option("--as", help="以此帳號身分執行（預設為本機管理者）")]
AsJson = Annotated[bool, typer.Option("--json", help="以 JSON 輸出結果")]
# Options that more than one command takes, with the same help.
Name = Annotated[str, typer.Option("--name", help="姓名")]
Phone = Annotated[str, typer.Option("--phone", help="聯絡電話")]
Email = Annotated[str, typer.Option("--email", help="電子郵件")]
Org = Annotated[str, typer.Option("--org", help="單位")]
Consent = Annotated[bool, typer.Option("--consent", help="同意聯繫")]
EndsAt = Annotated[str, typer.Option("--ends-at", help="結束時間")]


def register(app: typer.Typer) -> None:
    """Add `fudao events …` to the app."""
    app.add_typer(events_app, name="events", help="活動與報名：新增、查詢、報名、取消、出席、專業諮詢日時段。")


def _errors():  # type: ignore[no-untyped-def]
    from fudao.accounts.services import AccountError
    from fudao.events.errors import EventError, EventNotFound, RegistrationNotFound

    return user_errors(EventError, EventNotFound, RegistrationNotFound, AccountError)


def _span(starts_at: str, ends_at: str) -> dict[str, Any]:
    """`starts_at` and `ends_at` from --starts-at and --ends-at (EventError naming the option)."""
    from fudao.events.checks import parse_instant

    return {"starts_at": parse_instant(starts_at, "開始時間 --starts-at"),
            "ends_at": parse_instant(ends_at, "結束時間 --ends-at")}


def _registrant(name: str, org: str, ubn: str, phone: str, email: str, consent: bool) -> Any:
    """The person registering or booking, as the events services take them."""
    from fudao.events.checks import RegistrantInput

    return RegistrantInput(name=name, org=org, ubn=ubn, phone=phone, email=email, consent=consent)


def _console() -> Console:
    return Console()


@events_app.command("add")
def add(
    event_id: Annotated[str, typer.Argument(help="活動代碼（小寫英數字、- 或 _）")],
    kind: Annotated[str, typer.Option("--kind", help="info_session・promotion・consultation_day・training")],
    title: Annotated[str, typer.Option("--title", help="活動名稱")],
    starts_at: Annotated[str, typer.Option("--starts-at", help="開始時間（ISO 8601，未註時區為臺北時間）")],
    ends_at: EndsAt,
    capacity: Annotated[int, typer.Option("--capacity", help="名額")],
    region: Annotated[str, typer.Option("--region", help="地區，例如 北區")] = "",
    venue: Annotated[str, typer.Option("--venue", help="地點")] = "",
    measures: Annotated[str, typer.Option("--measures", help="相關措施代碼，以逗號分隔")] = "",
    cancelled: Annotated[bool, typer.Option("--cancelled", help="標示為停辦")] = False,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Add an event, or update the one with this event_id."""
    ready()
    from fudao.events.checks import EventInput
    from fudao.events.selectors import event_json, get_event
    from fudao.events.services import save_event

    with _errors():
        data = EventInput(event_id=event_id, kind=kind, title=title,
                          **_span(starts_at, ends_at), region=region,
                          venue=venue, capacity=capacity,
                          measures=tuple(m for m in measures.split(",") if m.strip()),
                          cancelled=cancelled)
        event, created = save_event(data=data, by=acting(as_user))
        result = {"created": created, **event_json(get_event(event.event_id))}
    emit(result, as_json, lambda r: typer.echo(f"{'已新增' if r['created'] else '已更新'}活動 {r['event_id']}：{r['title']}"))


@events_app.command("list")
def list_events(
    region: Annotated[str, typer.Option("--region", help="只列此地區")] = "",
    kind: Annotated[str, typer.Option("--kind", help="只列此類型")] = "",
    all_events: Annotated[bool, typer.Option("--all", help="含已結束與停辦的活動")] = False,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Upcoming events (or every event with --all) and their figures."""
    ready()
    from fudao.events import selectors

    with _errors():
        acting(as_user)
        qs = selectors.all_events() if all_events else selectors.upcoming(region=region or None, kind=kind or None)
        rows = [selectors.event_json(e) for e in qs]
    emit({"events": rows, "count": len(rows)}, as_json, _print_events)


def _print_events(result: dict[str, Any]) -> None:
    table = Table()
    for column in ("代碼", "類型", "名稱", "開始", "地區", "名額", "已報名", "候補", "出席"):
        table.add_column(column)
    for e in result["events"]:
        c = e["counts"]
        table.add_row(e["event_id"], e["kind_label"], e["title"], e["starts_at"][:16], e["region"],
                      str(e["capacity"]), str(c["registered"]), str(c["waitlisted"]), str(c["attended"]))
    _console().print(table)


@events_app.command("show")
def show(event_id: str, as_user: AsUser = None, as_json: AsJson = False) -> None:
    """The event, its counts, its registrations (with contacts and consent) and its slots."""
    ready()
    from fudao.events.selectors import event_detail_json, get_event
    from fudao.events.services import require_manager

    with _errors():
        require_manager(acting(as_user))
        result = event_detail_json(get_event(event_id))
    emit(result, as_json, _print_event)


def _print_event(e: dict[str, Any]) -> None:
    c = e["counts"]
    typer.echo(f"{e['event_id']}｜{e['kind_label']}｜{e['title']}｜{e['starts_at'][:16]}｜{e['venue']}")
    typer.echo(f"名額 {e['capacity']}：已報名 {c['registered']}、候補 {c['waitlisted']}、"
               f"取消 {c['cancelled']}、出席 {c['attended']}")
    table = Table()
    for column in ("編號", "姓名", "單位", "電話", "電子郵件", "狀態", "候補", "出席", "案號"):
        table.add_column(column)
    for r in e["registrations"]:
        attended = {True: "是", False: "否", None: ""}[r["attended"]]
        table.add_row(str(r["id"]), r["name"], r["org"], r["phone"], r["email"], r["status"],
                      str(r["position"] or ""), attended, r["case_no"] or "")
    _console().print(table)


@events_app.command("register")
def register_one(
    event_id: str,
    name: Name,
    phone: Phone,
    email: Email,
    org: Org = "",
    ubn: Annotated[str, typer.Option("--ubn", help="統一編號（選填）")] = "",
    consent: Consent = False,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Register someone (a seat, or the waitlist when the event is full)."""
    ready()
    from fudao.events.services import register as run_register

    with _errors():
        acting(as_user)
        done = run_register(event_id=event_id, registrant=_registrant(name, org, ubn, phone, email, consent))
    r = done.registration
    result = {"id": r.pk, "status": r.status, "position": r.position,
              "cancel_path": f"/events/{event_id}/cancel/{done.token}/"}
    emit(result, as_json, lambda x: typer.echo(
        f"報名編號 {x['id']}：" + ("已報名" if x["status"] == "registered" else f"候補第 {x['position']} 位")))


@events_app.command("cancel")
def cancel(event_id: str, registration_id: int, as_user: AsUser = None, as_json: AsJson = False) -> None:
    """Cancel a registration; the first on the waitlist moves up and is e-mailed."""
    ready()
    from fudao.events.services import cancel_by_staff

    with _errors():
        done = cancel_by_staff(event_id=event_id, registration_id=registration_id, by=acting(as_user))
    result = {"id": done.registration.pk, "status": done.registration.status,
              "promoted": done.promoted.pk if done.promoted else None}
    emit(result, as_json, lambda x: typer.echo(
        f"已取消報名 {x['id']}" + (f"；候補 {x['promoted']} 轉為正取" if x["promoted"] else "")))


@events_app.command("attend")
def attend(
    event_id: str,
    registration_id: int,
    absent: Annotated[bool, typer.Option("--absent", help="登記為未出席")] = False,
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Mark a registered person as attended (or absent with --absent)."""
    ready()
    from fudao.events.services import mark_attendance

    with _errors():
        r = mark_attendance(event_id=event_id, registration_id=registration_id, by=acting(as_user),
                            attended=not absent)
    emit({"id": r.pk, "attended": r.attended}, as_json,
         lambda x: typer.echo(f"報名 {x['id']}：{'已出席' if x['attended'] else '未出席'}"))


@events_app.command("to-case")
def to_case(
    event_id: str,
    registration_id: int,
    kind: Annotated[str, typer.Option("--kind", help="inquiry（諮詢）或 counselling（輔導）")] = "inquiry",
    summary: Annotated[str, typer.Option("--summary", help="需求摘要")] = "",
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Open a walk-in case for an attendee who asks for help."""
    ready()
    from fudao.events.services import attendee_to_case

    with _errors():
        case = attendee_to_case(event_id=event_id, registration_id=registration_id, kind=kind,
                                summary=summary, by=acting(as_user))
    emit({"case_no": case.case_no, "registration_id": registration_id}, as_json,
         lambda x: typer.echo(f"已開立案件 {x['case_no']}"))


@events_app.command("slot")
def slot(
    event_id: str,
    starts_at: Annotated[str, typer.Option("--starts-at", help="開始時間")],
    ends_at: EndsAt,
    expert: Annotated[str, typer.Option("--expert", help="專家姓名")],
    expert_kind: Annotated[str, typer.Option("--expert-kind", help="lawyer（律師）・accountant（會計師）・financial_advisor（財務顧問）")],
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Add a consultation-day time slot with one expert."""
    ready()
    from fudao.events.selectors import slot_json
    from fudao.events.slots import add_slot

    with _errors():
        s = add_slot(event_id=event_id, **_span(starts_at, ends_at), expert_name=expert,
                     expert_kind=expert_kind, by=acting(as_user))
    emit(slot_json(s), as_json, lambda x: typer.echo(f"已新增時段 {x['id']}：{x['starts_at'][:16]} {x['expert_name']}"))


@events_app.command("book")
def book(
    slot_id: int,
    name: Name,
    phone: Phone = "",
    email: Email = "",
    org: Org = "",
    ubn: Annotated[str, typer.Option("--ubn", help="統一編號")] = "",
    consent: Consent = False,
    summary: Annotated[str, typer.Option("--summary", help="諮詢事項")] = "",
    as_user: AsUser = None,
    as_json: AsJson = False,
) -> None:
    """Book a consultation-day slot: a case of kind consultation_day linked to the slot."""
    ready()
    from fudao.events.slots import book_slot

    if not phone and not email:
        fail("請提供 --phone 或 --email")
    with _errors():
        case = book_slot(slot_id=slot_id, registrant=_registrant(name, org, ubn, phone, email, consent),
            summary=summary, by=acting(as_user))
    emit({"case_no": case.case_no, "slot_id": slot_id}, as_json,
         lambda x: typer.echo(f"已預約時段 {x['slot_id']}，案號 {x['case_no']}"))
