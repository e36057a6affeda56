"""The desk's casework pages: login required, scoped by the policy, forms that log activities
(bad input answered 400 with the zh-TW message and nothing written), the follow-ups page and
the enterprise page with totals summed from the records."""

from __future__ import annotations

import re

import pytest
from deskhelpers import UBN
from django.contrib.auth import get_user_model

from fudao.cases.models import Activity

pytestmark = pytest.mark.store
LOAN = "smb-diverse-loan-plus"


def login(client, username: str):  # type: ignore[no-untyped-def]
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_pages_need_a_login(client, desk):
    for url in ("/desk/followups/", f"/desk/enterprises/{UBN}/", f"/desk/cases/{desk.case_no}/casework/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_casework_forms_log_activities_and_refuse_bad_input(client, desk):
    login(client, "alice")
    url = f"/desk/cases/{desk.case_no}/casework/"
    page = client.get(url)
    assert page.status_code == 200 and "記錄訪視" in page.content.decode()
    ok = client.post(url, {"form": "visit", "mode": "onsite", "experts": "王大明、林技師", "done": "1"})
    assert ok.status_code == 302
    visit = Activity.objects.get(type="visit")
    assert visit.data["experts"] == ["王大明", "林技師"]
    client.post(url, {"form": "application", "measure_id": LOAN, "stage": "submitted"})
    before = Activity.objects.count()
    bad = client.post(url, {"form": "application", "measure_id": LOAN, "stage": "disbursed", "amount_twd": "很多"})
    assert bad.status_code == 400 and "無法辨識為金額" in bad.content.decode()
    late = client.post(url, {"form": "visit", "mode": "onsite", "done": "1", "at": "2001-01-01T09:00"})
    assert late.status_code == 400 and "不可早於案件受理時間" in late.content.decode()
    nowhere = client.post(url, {"form": "referral", "to": "火星分隊"})
    assert nowhere.status_code == 400 and "火星分隊" in nowhere.content.decode()
    assert Activity.objects.count() == before
    shown = client.post(url, {"form": "application", "measure_id": LOAN, "stage": "approved",
                              "amount_twd": "2億6,180萬"}, follow=True)
    assert "已記錄申請措施" in shown.content.decode() and "2億6,180萬元" in shown.content.decode()


def test_casework_page_is_not_found_for_another_team(client, desk):
    login(client, "bob")
    assert client.get(f"/desk/cases/{desk.case_no}/casework/").status_code == 404
    assert client.post(f"/desk/cases/{desk.case_no}/casework/", {"form": "note"}).status_code == 404
    assert client.get(f"/desk/enterprises/{UBN}/").status_code == 404
    assert client.get("/desk/enterprises/99999999/").status_code == 404


def test_enterprise_page_sums_the_records_newest_first(client, desk):
    desk.log("visit", {"mode": "onsite"}, days_ago=50)
    desk.log("application", {"measure_id": LOAN, "stage": "submitted"}, days_ago=45)
    desk.log("application", {"measure_id": LOAN, "stage": "approved", "amount_twd": "2億6,180萬"}, days_ago=40)
    desk.log("application", {"measure_id": LOAN, "stage": "disbursed", "amount_twd": "1億"}, days_ago=35)
    login(client, "alice")
    html = client.get(f"/desk/enterprises/{UBN}/").content.decode()
    assert '<dd id="total-approved">2億6,180萬元</dd>' in html
    assert '<dd id="total-disbursed">1億元</dd>' in html
    log = html[html.index('id="activities"'):]
    assert log.index("已撥款") < log.index("—核定") < log.index("已送件") < log.index("到廠")


def test_followups_page_lists_overdue_per_consultant_and_team(client, desk):
    desk.log("application", {"measure_id": LOAN, "stage": "submitted"}, days_ago=45)
    desk.log("application", {"measure_id": LOAN, "stage": "approved", "amount_twd": 5}, days_ago=40)
    login(client, "sue")
    html = client.get("/desk/followups/").content.decode()
    assert "逾期 1 件" in html and desk.case_no in html
    assert "alice</a>：1 件" in html and "北區服務中心</a>：1 件" in html
    team = client.get("/desk/followups/?team=north").content.decode()
    assert 'id="overdue-list"' in team and desk.case_no in team
    assert client.get("/desk/followups/?on=someday").status_code == 400
    login(client, "bob")
    assert desk.case_no not in client.get("/desk/followups/").content.decode()


def test_a_planned_visit_is_marked_done_from_the_casework_page(client, desk):
    import datetime as dt

    from django.utils import timezone

    from fudao.cases.models import HistoryEntry

    desk.log("visit", {"mode": "onsite"}, days_ago=30)
    planned = desk.log("visit", {"mode": "phone", "done": False, "experts": ["王大明"],
                                 "planned_for": (timezone.localdate() + dt.timedelta(days=2)).isoformat()})
    login(client, "alice")
    url = f"/desk/cases/{desk.case_no}/casework/"
    page = client.get(url).content.decode()
    assert f'id="visit-done-{planned.pk}"' in page and "標記訪視完成" in page
    ent = client.get(f"/desk/enterprises/{UBN}/").content.decode()
    assert 'id="count-visits">1<' in ent and 'id="count-planned-visits">1<' in ent
    bad = client.post(url, {"form": "visit_done", "id": planned.pk, "at": "2001-01-01T09:00"})
    assert bad.status_code == 400 and "不可早於案件受理時間" in bad.content.decode()
    missing = client.post(url, {"form": "visit_done", "id": "x"})
    assert missing.status_code == 400 and "「項目」須為數字" in missing.content.decode()
    assert Activity.objects.get(pk=planned.pk).data["done"] is False
    done = client.post(url, {"form": "visit_done", "id": planned.pk, "mode": "onsite",
                             "experts": "王大明、林技師", "text": "完成產線訪視"}, follow=True)
    assert "訪視已標記完成" in done.content.decode()
    visit = Activity.objects.get(pk=planned.pk)
    assert visit.data["done"] is True and visit.data["experts"] == ["王大明", "林技師"] and visit.mode == "onsite"
    assert HistoryEntry.objects.filter(field=f"visit#{planned.pk}", new="done").exists()
    assert f'id="visit-done-{planned.pk}"' not in done.content.decode()
    ent = client.get(f"/desk/enterprises/{UBN}/").content.decode()
    assert 'id="count-visits">2<' in ent and "count-planned-visits" not in ent


def test_followups_count_days_from_today_whatever_day_is_asked(client, desk):
    import datetime as dt

    from fudao.cases.followups import today

    late = desk.log("follow_up", {"due": (today() - dt.timedelta(days=4)).isoformat(), "text": "回電"})
    soon = desk.log("follow_up", {"due": (today() + dt.timedelta(days=5)).isoformat(), "text": "寄資料"})
    login(client, "alice")
    on = (today() + dt.timedelta(days=30)).isoformat()
    html = client.get(f"/desk/followups/?on={on}").content.decode()
    assert "逾期 4 天" in html and "5 天後到期" in html and "逾期 34 天" not in html and "逾期 25 天" not in html
    assert f'<time datetime="{soon.due.isoformat()}">民國' in html and f">{late.due.isoformat()}<" not in html
    assert "民國" in html.split('id="due-title"')[1][:40]


def test_a_referral_to_an_agency_prints_its_letter_with_the_consent_stated(client, desk):
    from fudao.accounts.services import add_user
    from fudao.cases.models import Case

    Case.objects.filter(case_no=desk.case_no).update(contact_name="林小姐", contact_phone="04-2222-3333",
                                                     summary="外銷訂單減少，需要資金周轉")
    login(client, "alice")
    url = f"/desk/cases/{desk.case_no}/casework/"
    assert client.post(url, {"form": "referral", "to": "信保基金", "text": "請協助評估保證成數",
                             "consent": "1"}).status_code == 302
    assert client.post(url, {"form": "referral", "to": "外貿協會"}).status_code == 302
    with_consent, without = Activity.objects.filter(type="referral").order_by("id")
    letter = client.get(f"/desk/cases/{desk.case_no}/referrals/{with_consent.pk}/letter")
    html = letter.content.decode()
    assert letter.status_code == 200
    assert all(s in html for s in ("個案轉介單", desk.case_no, "測試精密機械", "外銷訂單減少", "請協助評估保證成數",
                                   "04-2222-3333", "企業已同意"))
    assert "民國" in html and not re.search(r"\d{4}-\d{2}-\d{2}", html)  # the date as a person reads it
    bare = client.get(f"/desk/cases/{desk.case_no}/referrals/{without.pk}/letter").content.decode()
    assert "外貿協會" in bare and "企業未表示同意" in bare and "04-2222-3333" not in bare
    page = client.get(f"/desk/cases/{desk.case_no}/").content.decode()
    assert f"/referrals/{with_consent.pk}/letter" in page  # the case page links each letter
    team = desk.log("referral", {"to": "north"})  # a desk team: the case moves, no letter
    assert client.get(f"/desk/cases/{desk.case_no}/referrals/{team.pk}/letter").status_code == 404
    add_user(username="ana", role="analyst", password="Ana-reports-2026!x")
    login(client, "ana")
    refused = client.get(f"/desk/cases/{desk.case_no}/referrals/{with_consent.pk}/letter")
    assert refused.status_code == 403
    login(client, "bob")  # another team's consultant: the case does not exist for him
    assert client.get(f"/desk/cases/{desk.case_no}/referrals/{with_consent.pk}/letter").status_code == 404
