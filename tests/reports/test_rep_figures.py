"""Every figure of DESIGN "Reports" computed from records written with known figures, at the
period's edges, grouped and in total (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fudao.accounts.actors import LOCAL
from fudao.accounts.services import add_team
from fudao.cases import services as cs
from fudao.enterprises.services import ContactInput
from fudao.reports.figures import FIGURES, kpi
from fudao.reports.periods import year_period

pytestmark = [pytest.mark.store, pytest.mark.django_db(transaction=True)]
T = ZoneInfo("Asia/Taipei")
NOW = dt.datetime(2024, 6, 1, tzinfo=T)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=T)


def open_case(channel: str, kind: str, opened: dt.datetime, *, ubn: str | None = None,
              team: str | None = None, needs: tuple[str, ...] = (), email: str = "",
              summary: str = "") -> str:
    return cs.open_case(channel=channel, kind=kind, by=LOCAL, ubn=ubn, opened_at=opened,
                        team=team, needs=needs, contact=ContactInput(email=email), summary=summary).case_no


def log(case_no: str, kind: str, when: dt.datetime, **data: object) -> None:
    cs.log_activity(case_no=case_no, type=kind, by=LOCAL, at=when, data=dict(data))


# The records of the fixture, written in DESIGN's import format: (case key, channel, kind, opened,
# 統一編號, team), then activities (case key, type, at, fields). The same records go in through the
# service functions or through `fudao import`.
CASES = [
    ("a", "hotline", "counselling", (2023, 1, 1, 0, 0), "04595257", "north"),
    ("b", "web", "financing", (2023, 12, 31, 23, 59), "22099131", "south"),
    ("c", "hotline", "debt", (2023, 6, 15, 10, 0), None, "north"),
    ("d", "walk_in", "consultation_day", (2023, 3, 1, 9, 0), None, "south"),
    ("dup", "hotline", "inquiry", (2023, 6, 15, 11, 0), None, "north"),
    ("before", "hotline", "inquiry", (2022, 12, 31, 23, 59), None, None),  # 民國111年
    ("after", "hotline", "inquiry", (2024, 1, 1, 0, 0), None, None),  # 民國113年
]
# The cases' needs and contact e-mails (a case with two needs counts under both; the merged
# duplicate and the other years' cases under none).
NEEDS = {"a": ("finance", "export"), "b": ("finance",), "dup": ("debt",), "before": ("finance",),
         "after": ("finance",)}
EMAILS = {"b": "X@Example.com", "d": "y@example.com", "after": "x@example.com"}
# What the firms asked (the topics view): a under 資金 and 市場; b in full-width letters under
# 資金, 數位轉型 and 經營管理; d under none of the facets (其他); c asked nothing (no topic); the
# merged duplicate and the other years' cases count nowhere.
SUMMARIES = {"a": "想申請貸款拓展美國外銷訂單", "b": "數位轉型需要貸款，ＡＩ導入諮詢",
             "d": "公司想了解如何報名說明會", "dup": "美國關稅貸款", "before": "美國關稅貸款",
             "after": "美國關稅貸款"}
MEASURE = "smb-diverse-loan-plus"
ACTIVITIES = [
    ("a", "visit", (2023, 12, 31, 23, 59), {"mode": "onsite"}),  # last minute of the year
    ("a", "visit", (2023, 2, 1, 10, 0), {"mode": "online"}),
    ("a", "visit", (2023, 2, 2, 10, 0), {"mode": "onsite", "done": False, "planned_for": "2023-02-10"}),  # not a 家次
    ("b", "financing_outcome", (2023, 12, 31, 23, 59), {"amount_twd": "2億6,180萬", "bank": "臺灣銀行"}),
    ("c", "debt_outcome", (2023, 7, 1, 10, 0), {"amount_twd": 19_190_000_000, "bank": "土地銀行"}),
    ("c", "referral", (2023, 7, 2, 10, 0), {"to": "financing"}),
    ("a", "application", (2023, 3, 1, 10, 0), {"measure_id": MEASURE, "stage": "submitted"}),
    ("a", "application", (2023, 4, 1, 10, 0), {"measure_id": MEASURE, "stage": "approved", "amount_twd": 500_000}),
    ("a", "application", (2023, 5, 1, 10, 0), {"measure_id": MEASURE, "stage": "disbursed", "amount_twd": 450_000}),
    # visits by mode, diagnoses by area, calls by direction (all on a, after its first response)
    ("a", "visit", (2023, 8, 1, 10, 0), {"mode": "phone"}),
    ("a", "visit", (2023, 8, 2, 10, 0), {"mode": "phone", "done": False, "planned_for": "2023-08-10"}),
    ("a", "visit", (2024, 1, 1, 0, 0), {"mode": "phone"}),  # 民國113年
    ("a", "diagnosis", (2023, 12, 31, 23, 59), {"findings": {"finance": "負債比高", "management": "無成本制度"}}),
    ("a", "diagnosis", (2023, 9, 1, 10, 0), {"findings": {"finance": "週轉吃緊"}}),
    ("a", "diagnosis", (2024, 1, 1, 0, 0), {"findings": {"finance": "週轉吃緊"}}),  # 民國113年
    ("a", "call", (2023, 9, 2, 10, 0), {"direction": "in", "text": "詢問貸款"}),
    ("a", "call", (2023, 9, 3, 10, 0), {"direction": "out"}),
    ("a", "call", (2023, 9, 4, 10, 0), {}),  # direction not recorded: in neither
    ("a", "email", (2023, 9, 5, 10, 0), {"direction": "in"}),  # not a call
    ("a", "call", (2024, 1, 1, 0, 0), {"direction": "in"}),  # 民國113年
]


def _by_services() -> dict[str, str]:
    numbers = {key: open_case(channel, kind, at(*opened), ubn=ubn, team=team, needs=NEEDS.get(key, ()),
                              email=EMAILS.get(key, ""), summary=SUMMARIES.get(key, ""))
               for key, channel, kind, opened, ubn, team in CASES}
    for key, kind, when, data in ACTIVITIES:
        log(numbers[key], kind, at(*when), **data)
    return numbers


def _by_import(tmp_path: Path) -> dict[str, str]:
    from fudao.importing import import_file

    numbers = {key: f"{112 if opened[0] == 2023 else opened[0] - 1911}-{i + 1:06d}"
               for i, (key, _, _, opened, _, _) in enumerate(CASES)}
    lines = [{"type": "case", "case_no": numbers[key], "channel": channel, "kind": kind,
              "status": "new", "opened_at": at(*opened).isoformat(), "ubn": ubn, "team": team,
              "needs": list(NEEDS.get(key, ())), "contact_email": EMAILS.get(key, ""),
              "summary": SUMMARIES.get(key, "")}
             for key, channel, kind, opened, ubn, team in CASES]
    lines += [{"type": "activity", "case_no": numbers[key], "activity": kind, "at": at(*when).isoformat(),
               "by": "匯入", **data} for key, kind, when, data in ACTIVITIES]
    lines += event_records()
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    report = import_file(path)
    assert report["errors"] == []
    registrations = sum(attended + absent for _, _, attended, absent, _, _ in EVENTS)
    assert report["created"] == {"case": len(CASES), "activity": len(ACTIVITIES), "event": len(EVENTS),
                                 "registration": registrations}
    return numbers


@pytest.fixture(params=["services", "import"])
def records(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """A year 112 with known figures, plus records just outside it, written through the service
    functions or imported from a JSON Lines file."""
    add_team(slug="north", name="北區服務中心")
    add_team(slug="south", name="南區服務中心")
    if request.param == "services":
        numbers = _by_services()
        events()
    else:
        numbers = _by_import(tmp_path)
    cs.merge_case(case_no=numbers["dup"], into=numbers["c"], by=LOCAL, at=at(2023, 6, 15, 12, 0))
    alert_records()
    return numbers


# Subscriptions: (e-mail, 統一編號 of the enterprise, confirmed, unsubscribed), and the digests
# sent to them (subscription index, sent). In 112: s1 and s4 confirmed, s2 unsubscribed; three
# digests sent. Cases led to: a (22 days after s4's digest to its enterprise) and b (29 days
# 23 hours after s1's digest to its e-mail, in other letters); not d (exactly 30 days after
# s2's), nor the case of 113.
SUBSCRIPTIONS = [
    ("x@example.com", None, (2023, 1, 1, 0, 0), (2024, 1, 1, 0, 0)),
    ("y@example.com", None, (2022, 12, 31, 23, 59), (2023, 12, 31, 23, 59)),
    ("z@example.com", None, None, None),  # never confirmed
    ("boss@example.com", "04595257", (2023, 5, 1, 10, 0), None),
]
ALERTS = [(3, (2022, 12, 10, 10, 0)), (0, (2023, 12, 2, 0, 0)), (0, (2023, 12, 1, 23, 59)),
          (1, (2023, 1, 30, 9, 0)), (2, None), (0, (2024, 1, 1, 0, 0))]


def alert_records() -> None:
    """SUBSCRIPTIONS and ALERTS written straight into the store."""
    from fudao.alerts.models import Alert, Subscription
    from fudao.enterprises.models import Enterprise

    subs = [Subscription.objects.create(
        email=email, enterprise=Enterprise.objects.get(ubn=ubn) if ubn else None, purpose="新措施通知",
        consent_at=at(2022, 12, 1, 9, 0), confirmed_at=at(*confirmed) if confirmed else None,
        unsubscribed_at=at(*ended) if ended else None)
        for email, ubn, confirmed, ended in SUBSCRIPTIONS]
    for i, sent in ALERTS:
        Alert.objects.create(subscription=subs[i], items=[], sent_at=at(*sent) if sent else None)


# Two events in 112 (one on its last evening), one cancelled, one in 113: (event_id, starts,
# attended, absent, cancelled, region).
EVENTS = [
    ("e1", (2023, 3, 10, 14, 0), 5, 2, False, "臺北市"),
    ("e2", (2023, 12, 31, 19, 0), 3, 0, False, "高雄市"),
    ("e-off", (2023, 6, 1, 14, 0), 4, 0, True, "臺北市"),
    ("e-next", (2024, 1, 1, 9, 0), 9, 0, False, "臺北市"),
]


def event_records() -> list[dict[str, object]]:
    """The events and their registrations in the import format."""
    lines: list[dict[str, object]] = []
    for slug, starts, attended, absent, cancelled, region in EVENTS:
        begin = at(*starts)
        lines.append({"type": "event", "event_id": slug, "kind": "promotion", "title": slug,
                      "starts_at": begin.isoformat(), "ends_at": (begin + dt.timedelta(hours=2)).isoformat(),
                      "region": region, "venue": "會議室", "capacity": 50, "cancelled": cancelled})
        lines += [{"type": "registration", "event_id": slug, "name": f"p{i}", "phone": f"09120000{i:02d}",
                   "status": "registered", "attended": i < attended} for i in range(attended + absent)]
    return lines


def events() -> None:
    """EVENTS written straight into the store."""
    from fudao.events.models import Event, Registration

    for slug, starts, attended, absent, cancelled, region in EVENTS:
        begin = at(*starts)
        e = Event.objects.create(event_id=slug, kind="promotion", title=slug, starts_at=begin,
                                 ends_at=begin + dt.timedelta(hours=2), region=region,
                                 capacity=50, cancelled=cancelled)
        for i in range(attended + absent):
            Registration.objects.create(event=e, name=f"p{i}", phone=f"09120000{i:02d}",
                                        status="registered", attended=i < attended,
                                        created_at=begin - dt.timedelta(days=3))


def test_year_total_counts_every_definition(records: dict[str, str]) -> None:
    log(records["b"], "financing_outcome", at(2024, 1, 1, 0, 0), amount_twd=1_000, bank="臺灣銀行")  # outside
    total = kpi(year_period(112), now=NOW)["total"]
    assert total["cases"] == 4  # the merged duplicate and the other years excluded
    assert total["cases_by_channel"] == {"hotline": 2, "web": 1, "walk_in": 1}
    assert total["enterprise_visits"] == 3
    assert total["enterprises_visited"] == 1
    assert total["consultation_day_cases"] == 1
    assert (total["financing_cases"], total["debt_cases"]) == (1, 1)
    assert total["financing_amount_twd"] == 261_800_000
    assert total["debt_extended_twd"] == 19_190_000_000
    assert total["referrals"] == 1
    assert (total["applications_approved"], total["approved_amount_twd"],
            total["disbursed_amount_twd"]) == (1, 500_000, 450_000)
    assert (total["events"], total["attendances"]) == (2, 8)


def test_grouped_rows_add_up_to_the_total(records: dict[str, str]) -> None:
    report = kpi(year_period(112), by="month", now=NOW)
    months = {r["key"]: r for r in report["rows"]}
    assert list(months) == [f"2023-{m:02d}" for m in range(1, 13)]
    assert months["2023-01"]["cases"] == 1 and months["2023-12"]["cases"] == 1
    assert months["2023-12"]["enterprise_visits"] == 1 and months["2023-02"]["enterprise_visits"] == 1
    assert months["2023-12"]["financing_amount_twd"] == 261_800_000
    assert (months["2023-03"]["events"], months["2023-03"]["attendances"]) == (1, 5)
    assert (months["2023-12"]["events"], months["2023-12"]["attendances"]) == (1, 3)
    distinct = {"enterprises_visited", "first_response_met_pct", "resolution_met_pct"}  # not sums
    for figure in FIGURES.keys() - distinct:
        assert sum(r[figure] for r in report["rows"]) == report["total"][figure], figure
    assert months["2023-03"]["consultation_day_cases"] == 1
    assert (months["2023-12"]["financing_cases"], months["2023-06"]["debt_cases"]) == (1, 1)
    assert months["2023-07"]["referrals"] == 1
    assert (months["2023-04"]["applications_approved"], months["2023-04"]["approved_amount_twd"],
            months["2023-05"]["disbursed_amount_twd"]) == (1, 500_000, 450_000)
    assert (months["2023-12"]["enterprises_visited"], months["2023-02"]["enterprises_visited"]) == (1, 1)
    by_team = {r["key"]: r for r in kpi(year_period(112), by="team", now=NOW)["rows"]}
    assert (by_team["north"]["cases"], by_team["south"]["cases"]) == (2, 2)
    assert by_team["north"]["label"] == "北區服務中心"
    assert by_team["north"]["debt_extended_twd"] == 19_190_000_000
    by_channel = kpi(year_period(112), by="channel", now=NOW)["rows"]
    assert {r["key"]: r["cases"] for r in by_channel} == {"hotline": 2, "web": 1, "walk_in": 1}
    assert all(r["events"] is None for r in by_channel)  # events have no channel
    by_county = {r["key"]: r for r in kpi(year_period(112), by="county", now=NOW)["rows"]}
    assert by_county["高雄市"]["attendances"] == 3 and by_county["臺北市"]["events"] == 1


def test_team_scope_counts_only_that_team(records: dict[str, str]) -> None:
    from fudao.accounts.models import Team

    north = Team.objects.get(slug="north").pk
    total = kpi(year_period(112), team_id=north, now=NOW)["total"]
    assert total["cases"] == 2 and total["financing_amount_twd"] == 0
    assert total["enterprise_visits"] == 3


def test_sla_shares_count_only_decided_cases(records: dict[str, str]) -> None:
    # d is answered by a call an hour after opening (met); a's first visit came a month late,
    # b and c were never answered and are past due (breached): 1 of 4.
    log(records["d"], "call", at(2023, 3, 1, 10, 0))
    total = kpi(year_period(112), now=NOW)["total"]
    assert total["first_response_met_pct"] == 25.0
    assert total["resolution_met_pct"] == 0.0  # none resolved, all past due
    cs.change_status(case_no=records["d"], status="resolved", by=LOCAL, at=at(2023, 3, 2, 10, 0),
                     reason="answered")
    assert kpi(year_period(112), now=NOW)["total"]["resolution_met_pct"] == 25.0
    # Seen before b's and c's clocks ran out, only the answered cases are decided: 1 of 2.
    early = kpi(year_period(112), now=at(2023, 1, 1, 0, 1))["total"]
    assert early["first_response_met_pct"] == 50.0


def test_bad_grouping_is_refused() -> None:
    from fudao.reports.periods import ReportError

    with pytest.raises(ReportError, match="分組"):
        kpi(year_period(112), by="weekday")


def test_cases_by_closing_reason(records: dict[str, str]) -> None:
    from fudao.reports.exports import table

    cs.change_status(case_no=records["d"], status="resolved", by=LOCAL, at=at(2023, 3, 2, 10, 0),
                     reason="answered")
    cs.change_status(case_no=records["c"], status="resolved", by=LOCAL, at=at(2023, 7, 2, 10, 0),
                     reason="no_reply")
    cs.change_status(case_no=records["c"], status="closed", by=LOCAL, at=at(2023, 7, 3, 10, 0),
                     reason="duplicate")
    cs.change_status(case_no=records["b"], status="in_progress", by=LOCAL)
    report = kpi(year_period(112), by="month", now=NOW)
    assert report["total"]["cases_by_reason"] == {"answered": 1, "duplicate": 1}  # c's last reason
    assert sum(sum(r["cases_by_reason"].values()) for r in report["rows"]) == 2
    header, rows = table(report)
    column = header.index("結案原因：重複案件（案次）")
    assert rows[-1][0] == "合計" and rows[-1][column] == 1
    assert rows[-1][header.index("結案原因：企業未回覆（案次）")] == 0


def test_splits_and_alert_figures_in_total(records: dict[str, str]) -> None:
    total = kpi(year_period(112), now=NOW)["total"]
    assert total["cases_by_need"] == {"finance": 2, "export": 1}
    assert total["visits_by_mode"] == {"onsite": 1, "online": 1, "phone": 1}
    assert total["diagnoses_by_area"] == {"finance": 2, "management": 1}
    assert total["calls_by_direction"] == {"in": 1, "out": 1}
    assert (total["subscriptions_confirmed"], total["subscriptions_unsubscribed"]) == (2, 1)
    assert (total["alerts_sent"], total["alert_cases"]) == (3, 2)


def test_splits_and_alert_figures_grouped(records: dict[str, str]) -> None:
    from fudao.accounts.models import Team
    from fudao.reports.figures import ALERT_FIGURES, BREAKDOWNS

    report = kpi(year_period(112), by="month", now=NOW)
    months = {r["key"]: r for r in report["rows"]}
    assert months["2023-01"]["cases_by_need"] == {"finance": 1, "export": 1}
    assert months["2023-12"]["cases_by_need"] == {"finance": 1}
    assert months["2023-08"]["visits_by_mode"] == {"phone": 1}
    assert months["2023-12"]["diagnoses_by_area"] == {"finance": 1, "management": 1}
    assert months["2023-09"]["calls_by_direction"] == {"in": 1, "out": 1}
    assert (months["2023-01"]["subscriptions_confirmed"], months["2023-05"]["subscriptions_confirmed"]) == (1, 1)
    assert months["2023-12"]["subscriptions_unsubscribed"] == 1
    assert (months["2023-01"]["alerts_sent"], months["2023-12"]["alerts_sent"]) == (1, 2)
    assert (months["2023-01"]["alert_cases"], months["2023-12"]["alert_cases"]) == (1, 1)
    for by in ("month", "quarter"):
        grouped = kpi(year_period(112), by=by, now=NOW)
        for split in BREAKDOWNS:
            summed: dict[str, int] = {}
            for row in grouped["rows"]:
                for value, n in row[split].items():
                    summed[value] = summed.get(value, 0) + n
            assert summed == grouped["total"][split], (by, split)
        for figure in (*ALERT_FIGURES, "alert_cases"):
            assert sum(r[figure] for r in grouped["rows"]) == grouped["total"][figure], (by, figure)
    by_team = {r["key"]: r for r in kpi(year_period(112), by="team", now=NOW)["rows"]}
    assert (by_team["north"]["alert_cases"], by_team["south"]["alert_cases"]) == (1, 1)
    assert by_team["north"]["alerts_sent"] is None  # digests belong to no team
    assert by_team["north"]["cases_by_need"] == {"finance": 1, "export": 1}
    north = kpi(year_period(112), team_id=Team.objects.get(slug="north").pk, now=NOW)["total"]
    assert north["subscriptions_confirmed"] is None and north["alert_cases"] == 1
    assert north["diagnoses_by_area"] == {"finance": 2, "management": 1}


def test_splits_and_alert_figures_in_every_format(records: dict[str, str], tmp_path: Path) -> None:
    import csv

    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from fudao.cli.main import app
    from fudao.reports.presenters import headline

    result = CliRunner().invoke(app, ["report", "--year", "112", "--json", "--csv", str(tmp_path / "r.csv"),
                                      "--xlsx", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 0, result.stderr
    total = json.loads(result.stdout)["total"]
    assert total["diagnoses_by_area"] == {"finance": 2, "management": 1}
    assert (total["alerts_sent"], total["alert_cases"]) == (3, 2)
    expected = {"需求：資金融通（案次）": 2, "需求：外銷拓展（案次）": 1, "需求：債務協商（案次）": 0,
                "電話訪查（家次）": 1, "實地訪視（家次）": 1, "財務診斷輔導（件）": 2, "管理診斷輔導（件）": 1,
                "技術診斷輔導（件）": 0, "來電（通）": 1, "去電（通）": 1, "新措施通知確認訂閱（筆）": 2,
                "新措施通知取消訂閱（筆）": 1, "寄出新措施通知（封）": 3, "通知後30日內開案（案次）": 2}
    with (tmp_path / "r.csv").open(encoding="utf-8-sig") as f:
        header, *rows = list(csv.reader(f))
    assert rows[-1][0] == "合計"
    assert {h: int(rows[-1][header.index(h)]) for h in expected} == expected
    sheet = load_workbook(tmp_path / "r.xlsx").active
    cells = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {h: cells[-1][cells[0].index(h)] for h in expected} == expected
    lines = {line["name"]: line["value"] for line in headline(kpi(year_period(112), now=NOW)["total"])}
    assert (lines["電話訪查"], lines["財務診斷輔導"], lines["來電"]) == ("1 家次", "2 件", "1 通")
    assert lines["寄出新措施通知"] == "3 封" and "技術診斷輔導" not in lines  # nothing counted, not shown


def test_what_firms_asked_by_topic_and_term(records: dict[str, str], tmp_path: Path) -> None:
    import csv

    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from fudao.cli.main import app
    from fudao.reports.presenters import headline

    total = kpi(year_period(112), now=NOW)["total"]
    assert total["cases_by_topic"] == {"資金": 2, "市場": 1, "數位轉型": 1, "經營管理": 1, "其他": 1}
    terms = {t["term"]: t["cases"] for t in total["topic_terms"]}
    assert terms["貸款"] == 2 and terms["美國"] == 1 and terms["AI"] == 1 and terms["導入"] == 1
    assert "關稅" not in terms, "the merged duplicate and the other years' cases asked nothing here"
    assert not {"想", "如何", "公司想"} & set(terms), "function words are no terms"
    assert total["topic_terms"][0] == {"term": "貸款", "cases": 2}
    assert len(total["topic_terms"]) == 10
    months = {r["key"]: r for r in kpi(year_period(112), by="month", now=NOW)["rows"]}
    assert months["2023-01"]["cases_by_topic"] == {"資金": 1, "市場": 1}
    assert months["2023-03"]["cases_by_topic"] == {"其他": 1}
    assert months["2023-06"]["cases_by_topic"] == {} and months["2023-06"]["topic_terms"] == []
    assert {t["term"] for t in months["2023-12"]["topic_terms"]} >= {"數位", "AI", "貸款"}
    by_team = {r["key"]: r for r in kpi(year_period(112), by="team", now=NOW)["rows"]}
    assert by_team["south"]["cases_by_topic"] == {"資金": 1, "數位轉型": 1, "經營管理": 1, "其他": 1}

    result = CliRunner().invoke(app, ["report", "--year", "112", "--json", "--csv", str(tmp_path / "t.csv"),
                                      "--xlsx", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total"]["cases_by_topic"] == total["cases_by_topic"]
    expected = {"提問主題：資金（案次）": 2, "提問主題：市場（案次）": 1, "提問主題：數位轉型（案次）": 1,
                "提問主題：經營管理（案次）": 1, "提問主題：其他（案次）": 1, "提問主題：人才（案次）": 0}
    with (tmp_path / "t.csv").open(encoding="utf-8-sig") as f:
        header, *rows = list(csv.reader(f))
    assert {h: int(rows[-1][header.index(h)]) for h in expected} == expected
    assert rows[-1][header.index("常見提問詞（前10，案次）")].startswith("貸款 2、")
    cells = list(load_workbook(tmp_path / "t.xlsx").active.iter_rows(min_row=2, values_only=True))
    assert {h: cells[-1][cells[0].index(h)] for h in expected} == expected
    lines = {line["name"]: line["value"] for line in headline(total)}
    assert lines["提問主題：資金"] == "2 案次" and lines["常見提問詞"].startswith("貸款 2 案次、")
