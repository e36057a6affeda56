"""Finer financial outcomes (issue 29): a financing diagnosis may end 「不建議借款」 with the
improvement plan; a debt negotiation holds its creditor banks, the meeting called by the largest
creditor and the agreed terms — checked, kept in the case JSON, read in words, posted from the
desk form; refused input names the field and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from deskhelpers import open_desk_case
from django.contrib.auth import get_user_model
from django.utils import timezone

from fudao.cases import history, selectors
from fudao.cases.applications import enterprise_funds
from fudao.cases.models import Activity, Case
from fudao.cases.services import CaseError, log_activity

pytestmark = pytest.mark.store


def _words(actor, case_no: str) -> list[str]:  # type: ignore[no-untyped-def]
    doc = selectors.case_json(actor, Case.objects.get(case_no=case_no))
    names = history.names_for(doc)
    return [history.render_activity(a, names) for a in doc["activities"]
            if a["type"] in ("financing_outcome", "debt_outcome")]


def test_financing_not_recommended_keeps_the_plan_and_no_amount(desk):
    fin = open_desk_case("financing", by=desk.alice)
    log_activity(case_no=fin, type="financing_outcome", by=desk.alice,
                 data={"result": "not_recommended", "improvement_plan": "先降低存貨、改善應收帳款週轉"})
    row = Activity.objects.get(case__case_no=fin, type="financing_outcome")
    assert row.amount_twd is None and row.data["result"] == "not_recommended"
    assert "不建議借款，改善財務體質方案：先降低存貨" in _words(desk.alice, fin)[-1]
    assert enterprise_funds(Case.objects.get(case_no=fin).enterprise_id)["financing_obtained_twd"] == 0
    before = Activity.objects.filter(case__case_no=fin).count()
    with pytest.raises(CaseError, match="improvement_plan"):
        log_activity(case_no=fin, type="financing_outcome", by=desk.alice, data={"result": "not_recommended"})
    with pytest.raises(CaseError, match="amount_twd"):
        log_activity(case_no=fin, type="financing_outcome", by=desk.alice,
                     data={"result": "not_recommended", "improvement_plan": "x", "amount_twd": "500萬"})
    with pytest.raises(CaseError, match="result"):
        log_activity(case_no=fin, type="financing_outcome", by=desk.alice, data={"result": "maybe"})
    assert Activity.objects.filter(case__case_no=fin).count() == before


def test_debt_outcome_creditors_meeting_and_terms(desk):
    debt = open_desk_case("debt", by=desk.alice)
    today = timezone.localdate().isoformat()
    log_activity(case_no=debt, type="debt_outcome", by=desk.alice, data={
        "bank": "臺灣土地銀行", "creditors": ["第一銀行", "臺灣土地銀行"], "amount_twd": "3,000萬",
        "meeting": {"date": today, "called_by": "臺灣土地銀行", "attendees": "企業負責人、三家銀行代表"},
        "terms": ["extension", "repayment_change"]})
    doc = selectors.case_json(desk.alice, Case.objects.get(case_no=debt))
    got = next(a for a in doc["activities"] if a["type"] == "debt_outcome")
    assert got["creditors"] == ["臺灣土地銀行", "第一銀行"] and got["amount_twd"] == 30_000_000
    assert got["meeting"] == {"date": today, "called_by": "臺灣土地銀行", "attendees": "企業負責人、三家銀行代表"}
    line = _words(desk.alice, debt)[-1]
    assert "其他債權銀行：第一銀行" in line and "協商會議由臺灣土地銀行召集" in line
    assert "協議條件：展延、調整還款方式" in line and today not in line  # 民國 date, not ISO
    before = Activity.objects.filter(case__case_no=debt).count()
    for data, field in [
        ({"bank": "甲銀行", "amount_twd": 5, "terms": ["forgive_all"]}, "terms"),
        ({"bank": "甲銀行", "amount_twd": 5, "meeting": {"date": today, "called_by": "乙銀行"}}, "called_by"),
        ({"bank": "甲銀行", "amount_twd": 5, "meeting": {"called_by": "甲銀行"}}, "meeting.date"),
        ({"bank": "甲銀行", "amount_twd": 5, "meeting": {"date": "1999-01-01", "called_by": "甲銀行"}}, "meeting.date"),
        ({"bank": "甲銀行", "amount_twd": 5, "meeting": {
            "date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(), "called_by": "甲銀行"}}, "meeting.date"),
        ({"bank": "甲銀行", "amount_twd": 5, "creditors": "甲銀行\x00"}, "creditors"),
    ]:
        with pytest.raises(CaseError, match=field):
            log_activity(case_no=debt, type="debt_outcome", by=desk.alice, data=data)
    assert Activity.objects.filter(case__case_no=debt).count() == before


def test_desk_form_posts_the_debt_outcome_and_names_a_bad_field(client, desk):
    debt = open_desk_case("debt", by=desk.alice)
    client.force_login(get_user_model().objects.get(username="alice"))
    url = f"/desk/cases/{debt}/casework/"
    page = client.get(f"/desk/cases/{debt}/").content.decode()
    assert "協議條件" in page and "召集會議的債權銀行" in page
    ok = client.post(url, {"form": "debt_outcome", "bank": "華南銀行", "creditors": "彰化銀行、合作金庫",
                           "amount_twd": "1億", "meeting_date": timezone.localdate().isoformat(),
                           "meeting_called_by": "華南銀行", "terms": ["extension", "grace_period"], "next": "case"})
    assert ok.status_code == 302
    row = Activity.objects.get(case__case_no=debt, type="debt_outcome")
    assert row.data["creditors"] == ["華南銀行", "彰化銀行", "合作金庫"] and row.data["terms"] == ["extension", "grace_period"]
    bad = client.post(url, {"form": "debt_outcome", "bank": "華南銀行", "amount_twd": "1億",
                            "meeting_date": timezone.localdate().isoformat(), "meeting_called_by": "火星銀行",
                            "next": "case"})
    text = bad.content.decode()
    beside = text.split('id="cw-debt_outcome-meeting_called_by-error">', 1)[1].split("</p>", 1)[0]
    assert bad.status_code == 400 and "「召集會議的債權銀行」的「火星銀行」不在債權銀行之中" in beside
    assert "meeting" not in beside and "creditors" not in beside
    assert Activity.objects.filter(case__case_no=debt, type="debt_outcome").count() == 1
