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
from fudao.reports.figures import FIGURES, kpi
from fudao.reports.periods import year_period

pytestmark = [pytest.mark.store, pytest.mark.django_db(transaction=True)]
T = ZoneInfo("Asia/Taipei")
NOW = dt.datetime(2024, 6, 1, tzinfo=T)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=T)


def open_case(channel: str, kind: str, opened: dt.datetime, *, ubn: str | None = None,
              team: str | None = None) -> str:
    return cs.open_case(channel=channel, kind=kind, by=LOCAL, ubn=ubn, opened_at=opened,
                        team=team).case_no


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
]


def _by_services() -> dict[str, str]:
    numbers = {key: open_case(channel, kind, at(*opened), ubn=ubn, team=team)
               for key, channel, kind, opened, ubn, team in CASES}
    for key, kind, when, data in ACTIVITIES:
        log(numbers[key], kind, at(*when), **data)
    return numbers


def _by_import(tmp_path: Path) -> dict[str, str]:
    from fudao.importing import import_file

    numbers = {key: f"{112 if opened[0] == 2023 else opened[0] - 1911}-{i + 1:06d}"
               for i, (key, _, _, opened, _, _) in enumerate(CASES)}
    lines = [{"type": "case", "case_no": numbers[key], "channel": channel, "kind": kind,
              "status": "new", "opened_at": at(*opened).isoformat(), "ubn": ubn, "team": team}
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
    return numbers


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
    assert total["enterprise_visits"] == 2
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
    assert total["enterprise_visits"] == 2


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
