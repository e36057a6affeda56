"""Every figure of DESIGN "Reports" computed from records written with known figures, at the
period's edges, grouped and in total (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from fudao.accounts.actors import LOCAL
from fudao.accounts.services import add_team
from fudao.cases import services as cs
from fudao.reports.figures import kpi
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


@pytest.fixture
def records() -> dict[str, str]:
    """A year 112 with known figures, plus records just outside it."""
    add_team(slug="north", name="北區服務中心")
    add_team(slug="south", name="南區服務中心")
    a = open_case("hotline", "counselling", at(2023, 1, 1, 0, 0), ubn="04595257", team="north")
    b = open_case("web", "financing", at(2023, 12, 31, 23, 59), ubn="22099131", team="south")
    c = open_case("hotline", "debt", at(2023, 6, 15, 10, 0), team="north")
    d = open_case("walk_in", "consultation_day", at(2023, 3, 1, 9, 0), team="south")
    dup = open_case("hotline", "inquiry", at(2023, 6, 15, 11, 0), team="north")
    cs.merge_case(case_no=dup, into=c, by=LOCAL, at=at(2023, 6, 15, 12, 0))
    open_case("hotline", "inquiry", at(2022, 12, 31, 23, 59))  # 民國111年
    open_case("hotline", "inquiry", at(2024, 1, 1, 0, 0))  # 民國113年
    log(a, "visit", at(2023, 12, 31, 23, 59), mode="onsite")  # last minute of the year
    log(a, "visit", at(2023, 2, 1, 10, 0), mode="online")
    log(a, "visit", at(2023, 2, 2, 10, 0), mode="onsite", done=False,
        planned_for="2023-02-10")  # planned: not a 家次
    log(b, "financing_outcome", at(2023, 12, 31, 23, 59), amount_twd="2億6,180萬", bank="臺灣銀行")
    log(c, "debt_outcome", at(2023, 7, 1, 10, 0), amount_twd=19_190_000_000, bank="土地銀行")
    log(c, "referral", at(2023, 7, 2, 10, 0), to="financing")
    measure = "smb-diverse-loan-plus"
    log(a, "application", at(2023, 3, 1, 10, 0), measure_id=measure, stage="submitted")
    log(a, "application", at(2023, 4, 1, 10, 0), measure_id=measure, stage="approved", amount_twd=500_000)
    log(a, "application", at(2023, 5, 1, 10, 0), measure_id=measure, stage="disbursed", amount_twd=450_000)
    events()
    return {"a": a, "b": b, "c": c, "d": d, "dup": dup}


def events() -> None:
    """Two events in 112 (one on its last evening), one cancelled, one in 113."""
    from fudao.events.models import Event, Registration

    def event(slug: str, starts: dt.datetime, attended: int, absent: int, *,
              cancelled: bool = False, region: str = "臺北市") -> None:
        e = Event.objects.create(event_id=slug, kind="promotion", title=slug, starts_at=starts,
                                 ends_at=starts + dt.timedelta(hours=2), region=region,
                                 capacity=50, cancelled=cancelled)
        for i in range(attended + absent):
            Registration.objects.create(event=e, name=f"p{i}", phone=f"09120000{i:02d}",
                                        status="registered", attended=i < attended,
                                        created_at=starts - dt.timedelta(days=3))

    event("e1", at(2023, 3, 10, 14, 0), 5, 2)
    event("e2", at(2023, 12, 31, 19, 0), 3, 0, region="高雄市")
    event("e-off", at(2023, 6, 1, 14, 0), 4, 0, cancelled=True)
    event("e-next", at(2024, 1, 1, 9, 0), 9, 0)


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
    for figure in ("cases", "enterprise_visits", "financing_amount_twd", "debt_extended_twd",
                   "referrals", "approved_amount_twd", "events", "attendances"):
        assert sum(r[figure] for r in report["rows"]) == report["total"][figure], figure
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
    cs.change_status(case_no=records["d"], status="resolved", by=LOCAL, at=at(2023, 3, 2, 10, 0))
    assert kpi(year_period(112), now=NOW)["total"]["resolution_met_pct"] == 25.0
    # Seen before b's and c's clocks ran out, only the answered cases are decided: 1 of 2.
    early = kpi(year_period(112), now=at(2023, 1, 1, 0, 1))["total"]
    assert early["first_response_met_pct"] == 50.0


def test_bad_grouping_is_refused() -> None:
    from fudao.reports.periods import ReportError

    with pytest.raises(ReportError, match="分組"):
        kpi(year_period(112), by="weekday")
