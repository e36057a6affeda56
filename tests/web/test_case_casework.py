"""Casework from the case page (no JavaScript: plain form posts): a counselling case walked
from intake to closing — visit planned then done, a diagnosis with two of the triage's
measures, a referral accepted, an application approved and disbursed, the follow-up it
scheduled closed — with the history in words; a refused form names its field by its label
beside the field; read-only roles see the case without forms."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from desk_fixtures import client_for, open_case, people  # noqa: F401
from django.utils import timezone

from fudao.cases.models import Activity, Case

pytestmark = pytest.mark.store
MACHINE = ("True", "False", "None", "{", "_twd", "north", "(north)")


def _timeline(html: str) -> str:
    part = html.split('id="timeline"')[1].split("</ol>")[0]
    return re.sub(r"<[^>]+>", " ", part)


def _post(c, case_no: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    response = c.post(f"/desk/cases/{case_no}/casework/", {**data, "next": "case"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == f"/desk/cases/{case_no}/#casework"
    return response


def test_counselling_case_from_intake_to_closing_on_the_case_page(people, corpus_db):  # noqa: F811
    c = client_for(people, "lin")
    opened = c.post("/desk/intake/", {"channel": "hotline", "kind": "counselling", "enterprise_name": "好公司股份有限公司",
                                      "county": "臺北市", "contact_name": "王小明", "contact_phone": "02-2345-6789",
                                      "summary": "想申請補助與貸款", "needs": ["finance", "export"],
                                      "assign_to_me": "on"})
    case_no = Case.objects.get().case_no
    assert opened.status_code == 302
    page = c.get(f"/desk/cases/{case_no}/").content.decode()
    for section in ("cw-visit", "cw-diagnosis", "cw-referral", "cw-application", "cw-follow-up"):
        assert f'id="{section}"' in page
    triaged = re.findall(r'name="measure" value="([^"]+)"', page)
    assert len(triaged) >= 2 and page.count('type="checkbox" id="cw-pick-') == len(triaged) < 100

    _post(c, case_no, {"form": "visit", "mode": "onsite", "done": "0",
                       "planned_for": (timezone.localdate() + dt.timedelta(days=2)).isoformat()})
    visit = Activity.objects.get(type="visit")
    _post(c, case_no, {"form": "visit_done", "id": str(visit.pk), "experts": "王大明", "text": "到廠訪視"})
    _post(c, case_no, {"form": "diagnosis", "finding_finance": "營運資金不足", "measure": triaged[:2]})
    _post(c, case_no, {"form": "referral", "to": "financing", "text": "資金需求"})
    referral = Activity.objects.get(type="referral")
    _post(c, case_no, {"form": "referral_outcome", "id": str(referral.pk), "outcome": "accepted"})
    for stage, amount in (("planned", ""), ("submitted", ""), ("approved", "120萬"), ("disbursed", "120萬")):
        _post(c, case_no, {"form": "application", "measure_id": triaged[0], "stage": stage, "amount_twd": amount})
    follow_up = Activity.objects.filter(type="follow_up", done_at=None).first()
    assert follow_up is not None
    page = c.get(f"/desk/cases/{case_no}/").content.decode()
    assert "天後到期" in page.split(f'id="follow-up-{follow_up.pk}"')[1][:600]
    _post(c, case_no, {"form": "close_follow_up", "id": str(follow_up.pk), "outcome": "done", "note": "已聯繫"})
    for status in ("resolved", "closed"):
        assert c.post(f"/desk/cases/{case_no}/status", {"status": status, "reason": "answered"}).status_code == 302

    page = c.get(f"/desk/cases/{case_no}/").content.decode()
    history = _timeline(page)
    assert Case.objects.get().status == "closed"
    for bad in (*MACHINE, *triaged, "financing"):
        assert bad not in history, (bad, history)
    assert re.search(r"預定到廠訪視（民國\d+年\d+月\d+日）已完成", history)
    assert "轉介至財務融通服務團隊：已受理" in history and "核定 120萬元" in history and "已撥款 120萬元" in history
    assert re.search(r"追蹤（民國\d+年\d+月\d+日到期）已完成", history)
    assert "狀態：已解決 → 已結案" in history


def test_refused_casework_form_names_the_field_by_its_label(people, corpus_db):  # noqa: F811
    case = open_case(assignee="lin", kind="counselling")
    c = client_for(people, "lin")
    page = c.get(f"/desk/cases/{case.case_no}/").content.decode()
    measure_id = re.search(r'name="measure" value="([^"]+)"', page).group(1)
    c.post(f"/desk/cases/{case.case_no}/casework/", {"form": "application", "measure_id": measure_id,
                                                     "stage": "submitted", "next": "case"})
    before = Activity.objects.count()
    bad = c.post(f"/desk/cases/{case.case_no}/casework/", {"form": "application", "measure_id": measure_id,
                                                           "stage": "approved", "amount_twd": "很多", "next": "case"})
    html = bad.content.decode()
    assert bad.status_code == 400 and Activity.objects.count() == before
    summary = html.split('id="casework-error"')[1][:400]
    assert "「金額」" in summary and "amount_twd" not in re.sub(r"<[^>]+>", " ", html)
    beside = html.split('id="cw-application-amount_twd-error"')[1][:200]
    assert "無法辨識為金額" in beside and 'value="很多"' in html
    future = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    late = c.post(f"/desk/cases/{case.case_no}/casework/", {"form": "visit", "mode": "onsite", "done": "1",
                                                            "at": future, "next": "case"}).content.decode()
    assert 'id="cw-visit-at-error"' in late and "訪視時間" in late.split('id="casework-error"')[1][:300]
    assert " at不可" not in late and not re.search(r"\d{4}-\d\d-\d\dT", late.split('id="casework-error"')[1][:300])


def test_read_only_roles_see_the_case_without_forms(people, corpus_db):  # noqa: F811
    case = open_case(assignee="lin", kind="counselling")
    page = client_for(people, "ana").get(f"/desk/cases/{case.case_no}/").content.decode()
    main = page.split('id="main"')[1]
    assert case.case_no in main and 'id="timeline"' in main
    assert "<form" not in main and 'id="casework"' not in main
