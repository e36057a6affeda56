"""The public desk pages: the inquiry form opens a `web` case; the status lookup answers a
mismatch exactly as a case that does not exist."""

from __future__ import annotations

import re

import pytest
from desk_fixtures import UBN
from django.test import Client

from fudao.cases.models import Case, HistoryEntry

pytestmark = pytest.mark.django_db

INQUIRY = {"name": "陳美玲", "org": "美玲食品行", "phone": "(04)2222-3333#12", "email": "mei@example.com",
           "needs": ["marketing"], "question": "想參加外銷拓展的說明會", "consent": "on"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.mark.store
def test_inquiry_opens_a_web_case_and_shows_its_number():
    c = Client()
    form = c.get("/inquiry/")
    assert form.status_code == 200 and "線上諮詢" in form.content.decode()
    sent = c.post("/inquiry/", {**INQUIRY, "ubn": UBN})
    assert sent.status_code == 302 and sent["Location"] == "/inquiry/sent/"
    case = Case.objects.get()
    assert (case.channel, case.kind, case.status) == ("web", "inquiry", "new")
    assert case.enterprise.ubn == UBN and case.enterprise_name == "美玲食品行"
    assert case.contact_name == "陳美玲" and case.needs == ["marketing"] and case.assignee is None
    assert HistoryEntry.objects.get(case=case).by_name == ""
    done = c.get("/inquiry/sent/").content.decode()
    assert f'id="inquiry-case-no">{case.case_no}<' in done and "/status/" in done
    assert Client().get("/inquiry/sent/").status_code == 302  # another visitor sees no number


@pytest.mark.parametrize(("change", "message"), [
    ({"phone": "12"}, "聯絡電話「12」格式不正確"),
    ({"ubn": "12345678"}, "統一編號「12345678」格式或檢查碼錯誤"),
    ({"consent": ""}, "我同意服務中心"),
    ({"question": ""}, "您的問題"),
    ({"needs": ["flying"]}, "需要協助的項目"),
])
def test_inquiry_bad_input_is_a_400_and_nothing_is_written(change, message):
    response = Client().post("/inquiry/", {**INQUIRY, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.store
def test_status_lookup_and_mismatch_answers_like_a_missing_case():
    c = Client()
    c.post("/inquiry/", INQUIRY)
    case = Case.objects.get()
    found = c.post("/status/", {"case_no": case.case_no, "last4": "3333"})
    assert found.status_code == 200
    body = found.content.decode()
    assert 'id="status-label"><strong>新案<' in body and "陳美玲" not in body
    wrong_phone = Client().post("/status/", {"case_no": case.case_no, "last4": "9999"})
    missing = Client().post("/status/", {"case_no": "115-999999", "last4": "9999"})
    assert wrong_phone.status_code == missing.status_code == 404
    norm = [TOKEN.sub("", r.content.decode()).replace(case.case_no, "X").replace("115-999999", "X")
            for r in (wrong_phone, missing)]
    assert norm[0] == norm[1]
    bad = Client().post("/status/", {"case_no": case.case_no, "last4": "33a"})
    assert bad.status_code == 400 and "請輸入 4 位數字" in bad.content.decode()
    assert Client().get("/status/").status_code == 200
