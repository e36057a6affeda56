"""The case history in words: every kind of history entry a case collects (status, assignee,
team, visit done, diagnosis measures, referral outcome, application stages, follow-up closed,
merge) is rendered in zh-TW without machine values, while the JSON keeps them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from deskhelpers import open_desk_case
from django.utils import timezone

from fudao.cases import history
from fudao.cases.models import Activity, Case
from fudao.cases.selectors import case_json
from fudao.web.desk.present import timeline

pytestmark = pytest.mark.store
LOAN, GRANT = "smb-diverse-loan-plus", "overseas-orders-grant"
MACHINE = re.compile(r"True|False|None|\{|_twd|#\d|\bnorth\b|\bfinancing\b|[a-z]+-[a-z]+-")


def _work_the_case(desk) -> Case:  # type: ignore[no-untyped-def]
    from fudao.cases.followups import close_follow_up
    from fudao.cases.referrals import update_referral
    from fudao.cases.services import assign, change_status, complete_visit, merge_case

    planned = desk.log("visit", {"mode": "onsite", "done": False,
                                 "planned_for": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
                       days_ago=20)
    complete_visit(case_no=desk.case_no, visit_id=planned.pk, by=desk.alice, at=None)
    desk.log("diagnosis", {"findings": {"finance": "營運資金不足"}, "recommended_measures": [LOAN, GRANT]},
             days_ago=10)
    referral = desk.log("referral", {"to": "財務融通服務團隊"}, days_ago=9)
    update_referral(case_no=desk.case_no, referral_id=referral.pk, outcome="accepted", note="", by=desk.alice)
    desk.log("application", {"measure_id": GRANT, "stage": "planned"}, days_ago=8)
    desk.log("application", {"measure_id": GRANT, "stage": "submitted"}, days_ago=7)
    desk.log("application", {"measure_id": GRANT, "stage": "approved", "amount_twd": "120萬"}, days_ago=6)
    follow_up = Activity.objects.filter(case__case_no=desk.case_no, type="follow_up", done_at=None).first()
    assert follow_up is not None, "an approval schedules a follow-up"
    close_follow_up(case_no=desk.case_no, follow_up_id=follow_up.pk, outcome="done", note="已聯繫", by=desk.alice)
    assign(case_no=desk.case_no, assignee="sue", by=desk.sue)
    change_status(case_no=desk.case_no, status="resolved", by=desk.sue, reason="answered")
    other = open_desk_case(by=desk.alice, days_ago=5)
    merge_case(case_no=other, into=desk.case_no, by=desk.sue)
    return Case.objects.get(case_no=desk.case_no)


def test_every_history_kind_reads_as_words(desk):
    case = _work_the_case(desk)
    doc = case_json(desk.sue, case)
    lines = [e["line"] for e in timeline(doc)]
    page = "\n".join(lines)
    assert not MACHINE.search(page), MACHINE.search(page)
    assert "申請『" in page and "核定 120萬元" in page
    assert "轉介至財務融通服務團隊：已受理" in page and "轉介至財務融通服務團隊（" in page
    assert re.search(r"預定到廠訪視（民國\d+年\d+月\d+日）已完成", page)
    assert "承辦人：sue" in lines and "狀態：已轉介 → 已解決" in lines, lines
    assert re.search(r"追蹤（民國\d+年\d+月\d+日到期）已完成", page)
    assert f"案件 {Case.objects.filter(merged_into=case).get().case_no} 併入本案" in page
    assert page.count("加入措施『") == 2
    # the JSON keeps the machine values
    fields = {h["field"] for h in doc["history"]}
    assert {"status", "measure", "merged_from"} <= fields
    assert any(h["field"].startswith("visit#") and h["new"] == "done" for h in doc["history"])
    assert any(h["field"] == "measure" and h["new"] == LOAN for h in doc["history"])


def test_team_change_names_the_team_not_its_slug(desk):
    from fudao.cases.services import assign

    case_no = open_desk_case(by=desk.sue, assignee=None)
    Case.objects.filter(case_no=case_no).update(team=None)
    assign(case_no=case_no, assignee="alice", by=desk.sue)
    lines = [e["line"] for e in timeline(case_json(desk.sue, Case.objects.get(case_no=case_no)))]
    assert "團隊：北區服務中心" in lines and "承辦人：alice" in lines


def test_unknown_references_render_without_ids():
    names = history.Names()
    assert history.render({"field": "measure", "old": None, "new": "m-d0b60f23"}, names) == "加入措施一項措施"
    assert history.render({"field": "team", "old": "north", "new": None}, names) == "團隊：共同受理池"
    assert history.render({"field": "visit#93", "old": "planned", "new": "done"}, names) == "預定訪視已完成"
    assert history.render({"field": "imported", "old": None, "new": "updated:status,x_id"}, names) == "由匯入資料更新：狀態"
    assert history.status(None, "new") == ("status", None, "new")
    assert history.follow_up_closed(7, "skipped") == ("follow_up#7", "open", "skipped")
