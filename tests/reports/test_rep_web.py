"""The dashboard, its exports and `GET /api/reports/kpi`: who may read them, and the numbers."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from fudao.accounts.actors import LOCAL
from fudao.accounts.services import add_team, add_user, issue_token
from fudao.cases import services as cs

pytestmark = pytest.mark.django_db
PASSWORD = "Quite-long-pass-2026"
T = ZoneInfo("Asia/Taipei")


@pytest.fixture
def people() -> dict[str, Client]:
    add_team(slug="north", name="北區服務中心")
    add_team(slug="south", name="南區服務中心")
    clients = {}
    for name, role, team in (("ana", "analyst", None), ("sup", "supervisor", "north"),
                             ("con", "consultant", "north"), ("edi", "editor", None)):
        add_user(username=name, role=role, team=team, password=PASSWORD)
        client = Client()
        client.login(username=name, password=PASSWORD)
        clients[name] = client
    clients["anon"] = Client()
    for team, amount in (("north", "2億6,180萬"), ("south", 1_000_000)):
        case = cs.open_case(channel="hotline", kind="financing", by=LOCAL, team=team,
                            opened_at=dt.datetime(2023, 5, 2, 10, tzinfo=T))
        cs.log_activity(case_no=case.case_no, type="financing_outcome", by=LOCAL,
                        at=dt.datetime(2023, 5, 3, 10, tzinfo=T), data={"amount_twd": amount, "bank": "臺灣銀行"})
    return clients


def test_dashboard_prints_figures_as_the_ministry_does(people: dict[str, Client]) -> None:
    page = people["ana"].get("/reports/?year=112&by=quarter").content.decode()
    assert "受理諮詢服務 <strong>2 案次</strong>" in page
    assert "2億6,280萬元" in page  # both teams' financing, in 億/萬
    assert "<svg" in page and "112年第2季" in page


def test_supervisor_sees_only_the_team(people: dict[str, Client]) -> None:
    page = people["sup"].get("/reports/?year=112").content.decode()
    assert "2億6,180萬元" in page and "2億6,280萬元" not in page
    assert people["sup"].get("/reports/?year=112&team=south").status_code == 403


@pytest.mark.parametrize(("who", "status"), [("con", 403), ("edi", 403), ("anon", 302)])
def test_roles_without_reports_are_refused(people: dict[str, Client], who: str, status: int) -> None:
    assert people[who].get("/reports/?year=112").status_code == status


def test_xlsx_export_holds_the_same_numbers(people: dict[str, Client]) -> None:
    from openpyxl import load_workbook

    response = people["ana"].get("/reports/export.xlsx?year=112&by=team")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "民國112年1月1日" in rows[0][0]
    header = rows[1]
    col = header.index("取得融資金額（元）")
    by_label = {r[0]: r for r in rows[2:]}
    assert by_label["北區服務中心"][col] == 261_800_000
    assert by_label["合計"][col] == 262_800_000
    assert by_label["合計"][header.index("取得融資金額（萬元/億元）")] == "2億6,280萬元"


@pytest.mark.parametrize("by", ["team", "month", "channel"])
def test_xlsx_and_csv_hold_every_figure_of_the_json(people: dict[str, Client], by: str) -> None:
    import csv

    from openpyxl import load_workbook

    from fudao.reports.figures import FIGURES

    report = people["ana"].get(f"/api/reports/kpi?year=112&by={by}").json()
    expected = {r["label"]: r for r in report["rows"]} | {"合計": report["total"]}
    headers = {key: f"{name}（{unit}）" for key, (name, unit) in FIGURES.items()}
    sheet = load_workbook(io.BytesIO(people["ana"].get(f"/reports/export.xlsx?year=112&by={by}").content)).active
    xlsx = list(sheet.iter_rows(values_only=True))[1:]
    text = people["ana"].get(f"/reports/export.csv?year=112&by={by}").content.decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(text)))
    for table in (xlsx, csv_rows):
        header, rows = list(table[0]), {r[0]: r for r in table[1:] if r and r[0] in expected}
        assert rows.keys() == expected.keys()
        for label, row in rows.items():
            for key, title in headers.items():
                want, got = expected[label][key], row[header.index(title)]
                if table is csv_rows:
                    got = None if got == "" else type(want)(got) if want is not None else got
                assert got == want, (by, label, key)


def test_api_kpi_authentication_and_errors(people: dict[str, Client]) -> None:
    anon = Client()
    assert anon.get("/api/reports/kpi?year=112").status_code == 401
    token = issue_token(username="ana")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = anon.get("/api/reports/kpi?from=2023-01-01&to=2023-12-31&by=team", **auth).json()
    assert body["total"]["financing_amount_twd"] == 262_800_000
    assert {r["key"] for r in body["rows"]} == {"north", "south"}
    bad = anon.get("/api/reports/kpi?year=0", **auth)
    assert bad.status_code == 400 and "民國年" in bad.json()["error"]
    con = issue_token(username="con")
    assert anon.get("/api/reports/kpi?year=112", HTTP_AUTHORIZATION=f"Bearer {con}").status_code == 403


def test_dashboard_prints_the_splits_and_the_alert_figures(people: dict[str, Client]) -> None:
    case = cs.open_case(channel="hotline", kind="counselling", by=LOCAL, team="north", needs=["export"],
                        opened_at=dt.datetime(2023, 6, 2, 10, tzinfo=T))
    for kind, data in (("visit", {"mode": "phone"}), ("diagnosis", {"findings": {"finance": "週轉吃緊"}}),
                       ("call", {"direction": "out"})):
        cs.log_activity(case_no=case.case_no, type=kind, by=LOCAL, at=dt.datetime(2023, 6, 3, 10, tzinfo=T),
                        data=data)
    page = people["ana"].get("/reports/?year=112").content.decode()
    for line in ("電話訪查 <strong>1 家次</strong>", "財務診斷輔導 <strong>1 件</strong>",
                 "去電 <strong>1 通</strong>", "需求：外銷拓展 <strong>1 案次</strong>",
                 "寄出新措施通知 <strong>0 封</strong>"):
        assert line in page, line
    assert "實地訪視 <strong>" not in page  # a split nothing counted is not printed
    assert "需求：外銷拓展（案次）" in page  # and it has its column in the whole table
    team_page = people["sup"].get("/reports/?year=112").content.decode()
    assert "寄出新措施通知 <strong>—</strong>" in team_page  # digests belong to no team
    data = people["ana"].get("/api/reports/kpi?year=112").json()
    assert data["total"]["visits_by_mode"] == {"phone": 1}
    assert data["total"]["calls_by_direction"] == {"out": 1}


def test_dashboard_shows_what_firms_asked_by_topic(people: dict[str, Client]) -> None:
    case = cs.open_case(channel="web", kind="inquiry", by=LOCAL, team="north",
                        summary="美國關稅影響外銷訂單，想了解貸款", opened_at=dt.datetime(2023, 8, 2, 10, tzinfo=T))
    assert case.summary
    page = people["ana"].get("/reports/?year=112&by=quarter").content.decode()
    section = page.split('id="topics"', 1)[1].split("</section>", 1)[0]
    assert "廠商提問主題（依季）" in section
    assert "<th scope=\"col\">資金</th>" in section and "<th scope=\"col\">市場</th>" in section
    assert "<th scope=\"col\">人才</th>" not in section  # a topic nothing counted has no column
    assert "112年第3季" in section and "關稅 1" in section and "美國 1" in section
    north = people["sup"].get("/reports/?year=112").content.decode()
    assert "提問主題：資金 <strong>1 案次</strong>" in north
