"""Casework on a case: visits, diagnoses, referrals, applications and financial outcomes,
with the refusals of bad input leaving nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from deskhelpers import open_desk_case
from django.utils import timezone

from fudao.cases.applications import enterprise_funds
from fudao.cases.models import Activity, Case, CaseMeasure, HistoryEntry
from fudao.cases.services import CaseError

pytestmark = pytest.mark.store
LOAN, GRANT = "smb-diverse-loan-plus", "overseas-orders-grant"


def counts(case_no: str) -> tuple[int, int, int, str]:
    case = Case.objects.get(case_no=case_no)
    return (Activity.objects.filter(case=case).count(), HistoryEntry.objects.filter(case=case).count(),
            CaseMeasure.objects.filter(case=case).count(), case.status)


def refused(desk, type, data, match, **kw):  # type: ignore[no-untyped-def]
    before = counts(desk.case_no)
    with pytest.raises(CaseError, match=match):
        desk.log(type, data, **kw)
    assert counts(desk.case_no) == before, "a refused record left something written"


def test_visits_onsite_online_phone_planned_and_done(desk):
    done = desk.log("visit", {"mode": "onsite", "experts": ["王大明", " 林技師 "]}, days_ago=50)
    assert (done.mode, done.data["experts"], done.data["done"]) == ("onsite", ["王大明", "林技師"], True)
    assert desk.log("visit", {"mode": "online"}, days_ago=40).mode == "online"
    planned = desk.log("visit", {"mode": "phone", "done": False,
                                 "planned_for": (timezone.localdate() + dt.timedelta(days=7)).isoformat()})
    assert planned.data["done"] is False and planned.data["planned_for"]
    case = Case.objects.get(case_no=desk.case_no)
    assert case.first_response_at == done.at  # the first visit answered the enterprise


def test_visit_before_the_case_opened_is_refused(desk):
    refused(desk, "visit", {"mode": "onsite"}, "不可早於案件受理時間", days_ago=61)
    refused(desk, "visit", {"mode": "car"}, "mode")
    refused(desk, "visit", {"done": False}, "planned_for")
    refused(desk, "visit", {"done": False, "planned_for": "2000-01-01"}, "不可早於案件受理日")


def test_diagnosis_recommends_measures_with_status_and_cap_from_match(desk):
    from fudao.cases.triage import matched_measures

    judged = {r["measure_id"]: r for r in matched_measures(Case.objects.get(case_no=desk.case_no))}
    d = desk.log("diagnosis", {"findings": {"finance": "營運資金不足", "market": "外銷集中美國"},
                               "recommended_measures": [LOAN, GRANT, LOAN]})
    recs = d.data["recommended_measures"]
    assert [r["measure_id"] for r in recs] == [LOAN, GRANT]
    for rec in recs:
        assert rec["status"] == judged[rec["measure_id"]]["status"]
        assert rec["max_amount_twd"] == judged[rec["measure_id"]]["max_amount_twd"]
    attached = {m.measure_id: m for m in CaseMeasure.objects.filter(case__case_no=desk.case_no)}
    assert set(attached) == {LOAN, GRANT}
    assert attached[LOAN].max_amount_twd == judged[LOAN]["max_amount_twd"]


def test_diagnosis_bad_input_refused(desk):
    refused(desk, "diagnosis", {"findings": {"astrology": "x"}}, "area")
    refused(desk, "diagnosis", {"findings": {}}, "findings")
    refused(desk, "diagnosis", {"findings": {"finance": "x"}, "recommended_measures": ["no-such-measure"]},
            "no-such-measure")


def test_referral_to_an_agency_and_back_to_the_consultant(desk):
    from fudao.cases.referrals import update_referral

    r = desk.log("referral", {"to": "財務融通服務團隊", "text": "資金需求轉介"})
    assert (r.data["to"], r.data["to_kind"], r.outcome) == ("financing", "service_team", "pending")
    case = Case.objects.get(case_no=desk.case_no)
    assert case.status == "referred"
    update_referral(case_no=desk.case_no, referral_id=r.pk, outcome="accepted", by=desk.alice, note="已受理")
    assert Case.objects.get(case_no=desk.case_no).status == "referred"
    update_referral(case_no=desk.case_no, referral_id=r.pk, outcome="done", by=desk.alice, note="已核貸")
    case = Case.objects.get(case_no=desk.case_no)
    assert case.status == "in_progress" and case.assignee.username == "alice"
    r.refresh_from_db()
    assert [u["outcome"] for u in r.data["updates"]] == ["accepted", "done"]
    fields = list(HistoryEntry.objects.filter(case=case).values_list("field", "old", "new"))
    assert (f"referral#{r.pk}", "accepted", "done") in fields
    assert ("status", "referred", "in_progress") in fields
    with pytest.raises(CaseError, match="不能由"):
        update_referral(case_no=desk.case_no, referral_id=r.pk, outcome="accepted", by=desk.alice)


def test_referral_to_a_desk_team_moves_the_case_into_its_pool(desk):
    from fudao.cases.referrals import update_referral
    from fudao.cases.services import CaseNotFound

    team = desk.log("referral", {"to": "south"})
    assert team.data["to_kind"] == "team"
    case = Case.objects.get(case_no=desk.case_no)
    assert (case.team.slug, case.assignee, case.status) == ("south", None, "referred")
    fields = list(HistoryEntry.objects.filter(case=case).values_list("field", "old", "new"))
    assert ("team", "north", "south") in fields and ("assignee", "alice", None) in fields
    with pytest.raises(CaseNotFound):  # alice's team no longer holds it
        update_referral(case_no=desk.case_no, referral_id=team.pk, outcome="done", by=desk.alice)
    update_referral(case_no=desk.case_no, referral_id=team.pk, outcome="accepted", by=desk.bob, note="南區受理")
    case = Case.objects.get(case_no=desk.case_no)
    assert case.status == "referred" and case.team.slug == "south"


def test_referral_to_an_agency_the_documents_name_by_an_older_name(desk):
    for written, key in [("能源署", "energy"), ("教育部", "moe"), ("外貿協會", "taitra"), ("工業局", "ida")]:
        r = desk.log("referral", {"to": written})
        assert (r.data["to"], r.data["to_kind"]) == (key, "agency"), written


def test_referral_to_an_unknown_team_is_refused(desk):
    refused(desk, "referral", {"to": "火星分隊"}, "轉介對象「火星分隊」不存在")
    refused(desk, "referral", {"to": ""}, "to")


def test_application_stages_amounts_and_funds(desk):
    desk.log("application", {"measure_id": LOAN, "stage": "planned"}, days_ago=50)
    desk.log("application", {"measure_id": LOAN, "stage": "submitted"}, days_ago=45)
    approved = desk.log("application", {"measure_id": LOAN, "stage": "approved", "amount_twd": "2億6,180萬"},
                        days_ago=40)
    assert approved.amount_twd == 261_800_000 and approved.data["measure_name"]
    desk.log("application", {"measure_id": LOAN, "stage": "disbursed", "amount_twd": "200,000,000"}, days_ago=35)
    desk.log("application", {"measure_id": LOAN, "stage": "disbursed", "amount_twd": 61_800_000}, days_ago=30)
    refused(desk, "application", {"measure_id": LOAN, "stage": "disbursed", "amount_twd": 1}, "超過核定金額")
    desk.log("application", {"measure_id": LOAN, "stage": "closed"})
    case = Case.objects.get(case_no=desk.case_no)
    assert enterprise_funds(case.enterprise_id) == {
        "approved_twd": 261_800_000, "disbursed_twd": 261_800_000,
        "financing_obtained_twd": 0, "debt_extended_twd": 0}


def test_application_bad_input_refused(desk):
    refused(desk, "application", {"measure_id": LOAN, "stage": "disbursed", "amount_twd": 100}, "順序不符")
    refused(desk, "application", {"measure_id": "no-such-measure", "stage": "planned"}, "不存在")
    desk.log("application", {"measure_id": GRANT, "stage": "submitted"}, days_ago=20)
    refused(desk, "application", {"measure_id": GRANT, "stage": "approved", "amount_twd": "很多"}, "無法辨識為金額")
    refused(desk, "application", {"measure_id": GRANT, "stage": "approved", "amount_twd": "-5萬"}, "負數")
    refused(desk, "application", {"measure_id": GRANT, "stage": "approved", "amount_twd": -50000}, "負數")
    refused(desk, "application", {"measure_id": GRANT, "stage": "approved"}, "amount_twd")
    refused(desk, "application", {"measure_id": GRANT, "stage": "approved", "amount_twd": 10}, "早於前一階段",
            days_ago=25)
    refused(desk, "application", {"measure_id": GRANT, "stage": "submitted"}, "順序不符")
    rejected = desk.log("application", {"measure_id": GRANT, "stage": "rejected"})
    assert rejected.stage == "rejected"
    refused(desk, "application", {"measure_id": GRANT, "stage": "disbursed", "amount_twd": 10}, "順序不符")


def test_two_ways_of_writing_an_amount_are_the_same_value(desk):
    for i, written in enumerate(["2億6,180萬", "261,800,000", 261800000]):
        case_no = open_desk_case("financing", by=desk.alice)
        from fudao.cases.services import log_activity

        row = log_activity(case_no=case_no, type="financing_outcome", by=desk.alice,
                           data={"bank": "臺灣銀行", "amount_twd": written, "date": timezone.localdate().isoformat()})
        assert row.amount_twd == 261_800_000, (i, written)


def test_financing_and_debt_outcomes(desk):
    from fudao.cases.services import log_activity

    fin = open_desk_case("financing", by=desk.alice)
    debt = open_desk_case("debt", by=desk.alice)
    log_activity(case_no=fin, type="financing_outcome", by=desk.alice,
                 data={"bank": "臺灣銀行", "amount_twd": "2億6,180萬", "date": timezone.localdate().isoformat()})
    log_activity(case_no=debt, type="debt_outcome", by=desk.alice,
                 data={"bank": "土地銀行", "amount_twd": "191.9億"})
    refused(desk, "financing_outcome", {"bank": "臺灣銀行", "amount_twd": 5}, "融資協處")  # a counselling case
    with pytest.raises(CaseError, match="bank"):
        log_activity(case_no=fin, type="financing_outcome", by=desk.alice, data={"amount_twd": 5})
    with pytest.raises(CaseError, match="date"):
        log_activity(case_no=fin, type="financing_outcome", by=desk.alice,
                     data={"bank": "臺灣銀行", "amount_twd": 5, "date": "1999-01-01"})
    funds = enterprise_funds(Case.objects.get(case_no=fin).enterprise_id)
    assert funds["financing_obtained_twd"] == 261_800_000
    assert funds["debt_extended_twd"] == 19_190_000_000


def _planned(desk, days_ago: float = 10):  # type: ignore[no-untyped-def]
    return desk.log("visit", {"mode": "onsite", "done": False, "experts": ["王大明"],
                              "planned_for": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
                    days_ago=days_ago)


def test_a_planned_visit_is_marked_done_with_its_history(desk):
    from fudao.cases.services import complete_visit

    planned = _planned(desk)
    when = timezone.now() - dt.timedelta(days=2)
    history = HistoryEntry.objects.filter(case__case_no=desk.case_no).count()
    done = complete_visit(case_no=desk.case_no, visit_id=planned.pk, by=desk.alice, at=when,
                          experts=["王大明", " 林技師 "], text="產線診斷完成", mode="online")
    done.refresh_from_db()
    assert (done.pk, done.at, done.mode) == (planned.pk, when, "online")
    assert done.data["done"] is True and done.data["experts"] == ["王大明", "林技師"]
    assert done.data["text"] == "產線診斷完成" and done.data["planned_for"] == planned.data["planned_for"]
    assert done.data["done_by"] == "alice" and done.data["planned_at"]
    entry = HistoryEntry.objects.filter(case__case_no=desk.case_no).latest("id")
    assert (entry.field, entry.old, entry.new, entry.by_name, entry.at) == (
        f"visit#{planned.pk}", "planned", "done", "alice", when)
    assert HistoryEntry.objects.filter(case__case_no=desk.case_no).count() == history + 1
    assert Activity.objects.filter(type="visit").count() == 1  # marked, not logged twice


def test_marking_a_visit_done_refuses_bad_requests_and_writes_nothing(desk):
    from fudao.cases.services import CaseNotFound, complete_visit

    planned = _planned(desk)
    call = desk.log("call", {"text": "約訪"})
    for kwargs, message in [
        ({"visit_id": call.pk}, f"沒有編號 {call.pk} 的訪視"),
        ({"visit_id": 999_999}, "沒有編號 999999 的訪視"),
        ({"visit_id": planned.pk, "at": timezone.now() + dt.timedelta(days=2)}, "不可晚於現在"),
        ({"visit_id": planned.pk, "at": timezone.now() - dt.timedelta(days=61)}, "不可早於案件受理時間"),
        ({"visit_id": planned.pk, "mode": "car"}, "mode"),
    ]:
        before = counts(desk.case_no)
        with pytest.raises(CaseError, match=message):
            complete_visit(case_no=desk.case_no, by=desk.alice, **kwargs)
        assert counts(desk.case_no) == before
    with pytest.raises(CaseNotFound):
        complete_visit(case_no=desk.case_no, visit_id=planned.pk, by=desk.bob)
    complete_visit(case_no=desk.case_no, visit_id=planned.pk, by=desk.alice)
    with pytest.raises(CaseError, match="已完成"):
        complete_visit(case_no=desk.case_no, visit_id=planned.pk, by=desk.alice)
    done = desk.log("visit", {"mode": "onsite"})
    with pytest.raises(CaseError, match="已完成"):
        complete_visit(case_no=desk.case_no, visit_id=done.pk, by=desk.alice)


def test_enterprise_counts_only_done_visits_as_the_reports_do(desk):
    from fudao.cases.enterprise_history import enterprise_record
    from fudao.cases.services import complete_visit
    from fudao.reports.figures import kpi
    from fudao.reports.periods import Period

    desk.log("visit", {"mode": "onsite"}, days_ago=20)
    planned = _planned(desk)
    period = Period(timezone.localdate() - dt.timedelta(days=59), timezone.localdate())
    record = enterprise_record(desk.alice, "04595257")
    assert (record["counts"]["visits"], record["counts"]["planned_visits"]) == (1, 1)
    assert kpi(period)["total"]["enterprise_visits"] == record["counts"]["visits"]
    complete_visit(case_no=desk.case_no, visit_id=planned.pk, by=desk.alice)
    record = enterprise_record(desk.alice, "04595257")
    assert (record["counts"]["visits"], record["counts"]["planned_visits"]) == (2, 0)
    assert kpi(period)["total"]["enterprise_visits"] == record["counts"]["visits"]


def test_a_referrals_outcome_is_recorded_from_the_api_and_the_cli(client, desk):
    from typer.testing import CliRunner

    from fudao.accounts.services import issue_token
    from fudao.cli.main import app

    first = desk.log("referral", {"to": "信保基金"})
    second = desk.log("referral", {"to": "外貿協會"})
    token = issue_token(username="alice")
    url = f"/api/cases/{desk.case_no}/referrals/{first.pk}"
    answer = client.post(url, {"outcome": "accepted", "note": "已派員聯繫"}, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200, answer.content
    assert answer.json()["activity"]["outcome"] == "accepted"
    wrong = client.post(url, {"outcome": "pending"}, content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {token}")
    assert wrong.status_code == 400 and "轉介結果" in wrong.json()["error"]
    ran = CliRunner().invoke(app, ["cases", "referral", desk.case_no, str(second.pk), "--outcome", "done",
                                   "--note", "已協助參展", "--as", "alice", "--json"])
    assert ran.exit_code == 0, ran.output
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, second.outcome) == ("accepted", "done")
    assert [u["note"] for u in second.data["updates"]] == ["已協助參展"]
    refused = CliRunner().invoke(app, ["cases", "referral", desk.case_no, str(second.pk), "--outcome", "accepted",
                                       "--as", "bob"])
    assert refused.exit_code == 2 and "找不到" in refused.stderr
