"""The desk pages through Django's test client: login, queue, intake, case page and its actions,
the case list, and what each role may and may not see there."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from desk_fixtures import OTHER_UBN, PASSWORD, UBN, client_for, open_case, people
from django.test import Client
from django.utils import timezone

from fudao.cases.models import Activity, Case, HistoryEntry

__all__ = ["people"]

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def same_page(a: str, b: str) -> bool:
    """Whether two pages are the same but for their (always fresh) CSRF tokens."""
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    return token.sub("", a) == token.sub("", b)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# ---- login / logout / access ---------------------------------------------------------------

def test_anonymous_staff_pages_redirect_to_login(client):
    for url in ("/desk/", "/desk/intake/", "/desk/cases/", "/desk/cases/115-000001/",
                "/desk/intake/lookup?ubn=1"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_login_goes_to_queue_and_logout_signs_out(people):
    c = Client()
    page = c.get("/accounts/login/")
    assert page.status_code == 200 and "服務人員登入" in text(page)
    bad = c.post("/accounts/login/", {"username": "lin", "password": "wrong"})
    assert bad.status_code == 200 and 'id="form-error"' in text(bad)
    ok = c.post("/accounts/login/", {"username": "lin", "password": PASSWORD})
    assert ok.status_code == 302 and ok["Location"] == "/desk/"
    desk = c.get("/desk/")
    assert desk.status_code == 200 and "我的待辦" in text(desk) and "受理來電" in text(desk)
    assert c.get("/accounts/logout/").status_code == 405  # logging out is a POST (CSRF-protected)
    out = c.post("/accounts/logout/")
    assert out.status_code == 302
    assert c.get("/desk/").status_code == 302


def test_editor_signs_in_to_the_catalogue_not_the_desk(people):
    c = Client()
    ok = c.post("/accounts/login/", {"username": "edi", "password": PASSWORD})
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    assert c.get("/accounts/login/")["Location"] == "/admin/"
    assert c.get("/admin/").status_code == 200
    asked = Client().post("/accounts/login/?next=/desk/cases/", {"username": "edi", "password": PASSWORD})
    assert asked["Location"] == "/desk/cases/"  # a page asked for explicitly is still honoured


def test_csrf_is_enforced_on_desk_actions(people):
    case = open_case()
    c = Client(enforce_csrf_checks=True)
    c.force_login(people["lin"])
    response = c.post(f"/desk/cases/{case.case_no}/status", {"status": "in_progress"})
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == "new"


def test_navigation_shows_desk_links_only_to_staff(people):
    anon = Client().get("/inquiry/")
    assert "/desk/" not in text(anon) and "線上諮詢" in text(anon) and "服務人員登入" in text(anon)
    staff = client_for(people, "lin").get("/inquiry/")
    assert 'href="/desk/"' in text(staff) and "登出" in text(staff)
    editor = client_for(people, "edi").get("/inquiry/")
    assert 'href="/desk/"' not in text(editor) and "登出" in text(editor)


def test_public_page_cached_for_anonymous_never_shows_staff_navigation(people, corpus_db):
    staff = client_for(people, "lin")
    assert 'href="/desk/"' in text(staff.get("/"))
    assert 'href="/desk/"' not in text(Client().get("/"))


# ---- queue ----------------------------------------------------------------------------------

@pytest.mark.store
def test_queue_tabs_overdue_first(people):
    fresh = open_case(assignee="lin")
    late = open_case(assignee="lin", opened_at=timezone.now() - dt.timedelta(days=30))
    pool = open_case(assignee=None, ubn=None)
    c = client_for(people, "lin")
    page = text(c.get("/desk/"))
    assert fresh.case_no in page and late.case_no in page and pool.case_no not in page
    assert page.index(late.case_no) < page.index(fresh.case_no), "overdue first"
    assert re.search(r'<tr class="overdue">\s*<td><a class="case-no" href="/desk/cases/' + late.case_no, page)
    assert "逾期 1 件" in page
    assert "民國" in page
    unassigned = text(c.get("/desk/?scope=unassigned"))
    assert pool.case_no in unassigned and fresh.case_no not in unassigned
    team = text(c.get("/desk/?scope=team"))
    assert fresh.case_no in team and pool.case_no not in team
    assert c.get("/desk/?scope=everything").status_code == 400


def test_queue_marks_due_soon(people, monkeypatch):
    from fudao.cases import sla

    case = open_case(assignee="lin")
    cfg = sla.config()
    monkeypatch.setattr(sla, "config", lambda: sla.SlaConfig(cfg.calendar, cfg.targets, 100_000))
    page = text(client_for(people, "lin").get("/desk/"))
    assert re.search(r'<tr class="due-soon">\s*<td><a class="case-no" href="/desk/cases/' + case.case_no, page)
    assert "即將到期" in page


def test_queue_of_other_team_is_empty(people):
    case = open_case(assignee="lin")
    page = text(client_for(people, "wu").get("/desk/?scope=team"))
    assert case.case_no not in page


# ---- intake ---------------------------------------------------------------------------------

def test_intake_lookup_partial_fills_the_enterprise_and_shows_open_cases(people):
    existing = open_case(assignee="lin")
    c = client_for(people, "lin")
    part = c.get("/desk/intake/lookup", {"ubn": UBN, "contact_phone": ""}, HTTP_HX_REQUEST="true")
    assert part.status_code == 200
    body = text(part)
    assert body.lstrip().startswith('<fieldset class="group" id="enterprise-fields">')
    assert 'value="好公司股份有限公司"' in body and existing.case_no in body
    by_phone = text(c.get("/desk/intake/lookup", {"phone": "(02)2345-6789"}))
    assert existing.case_no in by_phone
    bad = text(c.get("/desk/intake/lookup", {"ubn": "12345678"}))
    assert "統一編號「12345678」格式或檢查碼錯誤" in bad
    none = text(c.get("/desk/intake/lookup", {"ubn": OTHER_UBN}))
    assert "尚無此企業資料" in none


def test_intake_lookup_without_javascript_keeps_the_form(people):
    open_case(assignee="lin")
    c = client_for(people, "lin")
    response = c.post("/desk/intake/", {"action": "lookup", "channel": "hotline", "kind": "financing",
                                        "ubn": UBN, "contact_name": "李小姐", "summary": "周轉"})
    assert response.status_code == 200
    body = text(response)
    assert 'value="好公司股份有限公司"' in body and 'value="李小姐"' in body
    assert '<option value="financing" selected>' in body
    assert Case.objects.count() == 1


@pytest.mark.store
def test_intake_saves_case_and_goes_to_its_page(people, corpus_db):
    c = client_for(people, "lin")
    assert c.get("/desk/intake/").status_code == 200
    response = c.post("/desk/intake/", {
        "action": "save", "channel": "hotline", "kind": "financing", "ubn": UBN,
        "enterprise_name": "好公司股份有限公司", "county": "臺北市", "contact_name": "李小姐",
        "contact_phone": "02-2345-6789", "contact_email": "lee@example.com", "consent": "on",
        "needs": ["finance", "export"], "summary": "受美國關稅影響，想申請貸款", "assign_to_me": "on"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/desk/cases/{case.case_no}/"
    assert case.assignee.username == "lin" and case.kind == "financing" and case.needs == ["finance", "export"]
    assert case.enterprise.county == "臺北市" and case.contact_phone == "02-2345-6789"
    page = c.get(response["Location"])
    assert f"已受理，案號 {case.case_no}" in messages_of(page)


def test_empty_intake_is_refused_and_writes_nothing(people):
    from fudao.cases.models import CaseCounter

    c = client_for(people, "lin")
    response = c.post("/desk/intake/", {"channel": "hotline", "kind": "inquiry", "summary": "  ",
                                        "assign_to_me": "on"})
    assert response.status_code == 400
    assert "請至少填寫統一編號或企業名稱、聯絡人或聯絡電話、或諮詢內容摘要" in text(response)
    assert Case.objects.count() == 0 and HistoryEntry.objects.count() == 0
    assert not CaseCounter.objects.filter(last__gt=0).exists()
    ok = c.post("/desk/intake/", {"channel": "hotline", "kind": "inquiry", "summary": "詢問補助"})
    assert ok.status_code == 302 and Case.objects.count() == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("ubn", "12345678", "統一編號「12345678」格式或檢查碼錯誤"),
    ("contact_phone", "123", "聯絡電話「123」格式不正確"),
    ("contact_email", "not-an-email", "電子郵件「not-an-email」格式不正確"),
    ("kind", "gossip", "類別"),
])
def test_intake_bad_input_is_a_400_naming_the_field(people, field, value, message):
    data = {"action": "save", "channel": "hotline", "kind": "inquiry", "contact_name": "李",
            "contact_phone": "02-2345-6789", field: value}
    response = client_for(people, "lin").post("/desk/intake/", data)
    assert response.status_code == 400
    assert message in text(response)
    assert Case.objects.count() == 0


def test_intake_refused_for_analyst_and_editor(people):
    c = client_for(people, "ana")
    response = c.get("/desk/intake/")
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert c.post("/desk/intake/", {"channel": "hotline", "kind": "inquiry"}).status_code == 302
    assert c.get("/desk/intake/lookup", {"ubn": UBN}).status_code == 403
    editor = client_for(people, "edi")
    for response in (editor.get("/desk/intake/"), editor.post("/desk/intake/", {"channel": "hotline"}),
                     editor.get("/desk/intake/lookup", {"ubn": UBN})):
        assert response.status_code == 403 and "目錄編輯帳號只管理輔導措施目錄" in text(response)
    assert Case.objects.count() == 0


# ---- case page ------------------------------------------------------------------------------

def test_case_page_shows_fields_sla_triage_and_timeline(people, corpus_db):
    case = open_case(assignee="lin", kind="financing", summary="受美國關稅影響的企業可以申請哪些貸款")
    page = client_for(people, "lin").get(f"/desk/cases/{case.case_no}/")
    assert page.status_code == 200
    body = text(page)
    assert case.case_no in body and "好公司股份有限公司" in body and "王小明" in body and "wang@example.com" in body
    assert 'id="sla-first_response"' in body and "計時中" in body
    assert re.search(r"民國\d+年\d+月\d+日 \d\d:\d\d", body)
    assert 'id="triage-answer"' in body and re.search(r"文件 \d{3} 第 \d+", body)
    assert 'id="triage-measures"' in body and "加入本案" in body
    assert "開案（新案）" in body and "承辦人：lin" in body and "（無）" not in body
    # only the allowed transitions are offered
    options = re.findall(r'<option value="(\w+)">', body.split('id="f-status"')[1].split("</select>")[0])
    assert set(options) == {"triaged", "in_progress", "waiting_enterprise", "referred", "resolved"}


@pytest.mark.store
def test_invisible_case_is_404_exactly_like_a_missing_one(people):
    case = open_case(assignee="lin", team="north")
    for who in ("wu",):  # an editor is refused at the gate (403) before any case
        c = client_for(people, who)
        hidden = c.get(f"/desk/cases/{case.case_no}/")
        missing = c.get("/desk/cases/115-999999/")
        assert hidden.status_code == missing.status_code == 404
        assert same_page(text(hidden).replace(case.case_no, "X"), text(missing).replace("115-999999", "X"))
        assert c.post(f"/desk/cases/{case.case_no}/status", {"status": "in_progress"}).status_code == 404
        assert c.post(f"/desk/cases/{case.case_no}/log", {"type": "note", "text": "x"}).status_code == 404
    assert HistoryEntry.objects.filter(case=case).count() == 2


@pytest.mark.store
def test_analyst_sees_masked_contacts_and_no_actions(people, corpus_db):
    case = open_case(assignee="lin", team="north")
    c = client_for(people, "ana")
    body = text(c.get(f"/desk/cases/{case.case_no}/"))
    assert "王○○" in body and "王小明" not in body and "02-2345-6789" not in body
    assert "w＊＊＊@example.com" in body
    assert 'id="actions"' not in body and "加入本案" not in body
    listing = text(c.get("/desk/cases/"))
    assert case.case_no in listing and "王○○" in listing and "王小明" not in listing
    refused = c.post(f"/desk/cases/{case.case_no}/status", {"status": "in_progress"}, follow=True)
    assert "您的角色只能檢視案件，不能修改" in messages_of(refused)
    assert Case.objects.get(pk=case.pk).status == "new"


# ---- actions --------------------------------------------------------------------------------

@pytest.mark.store
def test_status_change_and_a_bad_transition_is_a_message(people, corpus_db):
    case = open_case(assignee="lin")
    c = client_for(people, "lin")
    done = c.post(f"/desk/cases/{case.case_no}/status", {"status": "in_progress"}, follow=True)
    assert done.status_code == 200 and "案件狀態已改為「處理中」" in messages_of(done)
    assert Case.objects.get(pk=case.pk).status == "in_progress"
    bad = c.post(f"/desk/cases/{case.case_no}/status", {"status": "closed"}, follow=True)
    assert bad.status_code == 200
    assert any("案件狀態不能由「處理中」改為「已結案」" in m for m in messages_of(bad))
    unknown = c.post(f"/desk/cases/{case.case_no}/status", {"status": "nonsense"}, follow=True)
    assert unknown.status_code == 200 and any("新狀態" in m for m in messages_of(unknown))
    assert Case.objects.get(pk=case.pk).status == "in_progress"
    assert c.get(f"/desk/cases/{case.case_no}/status").status_code == 405


def test_consultant_takes_a_pool_case_but_cannot_give_it_away(people, corpus_db):
    case = open_case(assignee=None, ubn=None)
    c = client_for(people, "lin")
    page = text(c.get(f"/desk/cases/{case.case_no}/"))
    assert "由我承辦" in page and 'id="f-assignee"' not in page
    refused = c.post(f"/desk/cases/{case.case_no}/assign", {"assignee": "chen"}, follow=True)
    assert any("顧問只能將案件指派給自己" in m for m in messages_of(refused))
    taken = c.post(f"/desk/cases/{case.case_no}/assign", {"assignee": "lin"}, follow=True)
    assert "案件已指派給 lin" in messages_of(taken)
    case.refresh_from_db()
    assert case.assignee.username == "lin" and case.team.slug == "north"


def test_supervisor_assigns_within_team_and_merges(people, corpus_db):
    original = open_case(assignee="lin", team="north")
    duplicate = open_case(assignee=None, team="north")
    c = client_for(people, "boss")
    page = text(c.get(f"/desk/cases/{duplicate.case_no}/"))
    assert '<option value="chen">' in page and '<option value="wu">' not in page and 'id="merge-form"' in page
    assert "案件已指派給 chen" in messages_of(
        c.post(f"/desk/cases/{duplicate.case_no}/assign", {"assignee": "chen"}, follow=True))
    outside = c.post(f"/desk/cases/{duplicate.case_no}/assign", {"assignee": "wu"}, follow=True)
    assert any("督導只能指派給自己團隊的成員" in m for m in messages_of(outside))
    missing = c.post(f"/desk/cases/{duplicate.case_no}/merge", {"into": "115-999999"}, follow=True)
    assert missing.status_code == 200 and "找不到案件「115-999999」" in messages_of(missing)
    merged = c.post(f"/desk/cases/{duplicate.case_no}/merge", {"into": original.case_no}, follow=True)
    assert f"本案已併入 {original.case_no}" in messages_of(merged)
    duplicate.refresh_from_db()
    assert duplicate.status == "merged" and duplicate.merged_into_id == original.pk
    again = c.post(f"/desk/cases/{duplicate.case_no}/status", {"status": "in_progress"}, follow=True)
    assert any("已併入其他案件" in m for m in messages_of(again))


def test_consultant_may_not_merge(people, corpus_db):
    a, b = open_case(assignee="lin"), open_case(assignee="lin")
    c = client_for(people, "lin")
    assert 'id="merge-form"' not in text(c.get(f"/desk/cases/{a.case_no}/"))
    refused = c.post(f"/desk/cases/{a.case_no}/merge", {"into": b.case_no}, follow=True)
    assert "只有督導或系統管理者可以併案" in messages_of(refused)
    assert Case.objects.get(pk=a.pk).status == "new"


def test_log_a_call_and_bad_log_input(people, corpus_db):
    case = open_case(assignee="lin")
    c = client_for(people, "lin")
    logged = c.post(f"/desk/cases/{case.case_no}/log",
                    {"type": "call", "direction": "out", "text": "已回電說明貸款"}, follow=True)
    assert "已記錄電話" in messages_of(logged)
    act = Activity.objects.get(case=case)
    assert act.type == "call" and act.data["direction"] == "out" and act.by_name == "lin"
    body = text(logged)
    assert "已回電說明貸款" in body and "電話（去電）" in body
    case.refresh_from_db()
    assert case.first_response_at == act.at
    for bad, message in [({"type": "visit"}, "類型"),
                         ({"type": "note", "at": "yesterday"}, "時間"),
                         ({"type": "note", "at": "2999-01-01T09:00"}, "活動時間 at不可晚於現在"),
                         ({"type": "note", "at": "2000-01-01T09:00"}, "不可早於案件受理時間")]:
        response = c.post(f"/desk/cases/{case.case_no}/log", bad, follow=True)
        assert response.status_code == 200
        assert any(message in m for m in messages_of(response)), (bad, messages_of(response))
    assert Activity.objects.filter(case=case).count() == 1


def test_attach_a_measure_from_triage(people, corpus_db):
    case = open_case(assignee="lin", kind="financing")
    c = client_for(people, "lin")
    body = text(c.get(f"/desk/cases/{case.case_no}/"))
    measure_id = re.search(r'name="measure_id" value="([^"]+)"', body).group(1)
    done = c.post(f"/desk/cases/{case.case_no}/measures", {"measure_id": measure_id}, follow=True)
    assert any(m.startswith("已將「") for m in messages_of(done))
    assert case.measures.filter(measure_id=measure_id).exists()
    name = case.measures.get(measure_id=measure_id).name
    assert f"加入措施『{name}』" in text(done) and measure_id not in text(done).split('id="timeline"')[1].split("</ol>")[0]
    bad = c.post(f"/desk/cases/{case.case_no}/measures", {"measure_id": "no-such-measure"}, follow=True)
    assert "措施「no-such-measure」不存在" in messages_of(bad)


# ---- case list ------------------------------------------------------------------------------

@pytest.mark.store
def test_case_list_filters_and_pages(people):
    financing = open_case(assignee="lin", kind="financing")
    inquiry = open_case(assignee=None, ubn=None, summary="問展覽補助")
    other_team = open_case(assignee="wu")
    c = client_for(people, "lin")
    body = text(c.get("/desk/cases/"))
    assert financing.case_no in body and inquiry.case_no in body and other_team.case_no not in body
    only = text(c.get("/desk/cases/", {"kind": "financing"}))
    assert financing.case_no in only and inquiry.case_no not in only
    assert "共 1 件" in text(c.get("/desk/cases/", {"q": "展覽"}))
    assert "共 1 件" in text(c.get("/desk/cases/", {"assignee": "-"}))
    today = timezone.localdate().isoformat()
    assert "共 2 件" in text(c.get("/desk/cases/", {"opened_from": today, "opened_to": today}))
    for bad in ({"opened_from": "not-a-date"}, {"status": "zzz"}, {"page": "0"},
                {"opened_from": today, "opened_to": "2000-01-01"}):
        response = c.get("/desk/cases/", bad)
        assert response.status_code == 400, bad
        assert 'id="form-error"' in text(response)


def test_case_list_paginates(people, monkeypatch):
    from fudao.web.desk import views_cases

    monkeypatch.setattr(views_cases, "PAGE_SIZE", 2)
    made = [open_case(assignee="lin") for _ in range(5)]
    c = client_for(people, "lin")
    first = text(c.get("/desk/cases/", {"kind": "inquiry"}))
    assert "第 1 / 3 頁" in first and made[-1].case_no in first and made[0].case_no not in first
    assert "kind=inquiry&amp;page=2" in first
    last = text(c.get("/desk/cases/", {"kind": "inquiry", "page": "3"}))
    assert made[0].case_no in last and made[-1].case_no not in last


@pytest.mark.parametrize("url", ["/desk/", "/desk/cases/", "/desk/followups/", "/desk/campaigns/",
                                 "/staff/events/", "/reports/?year=112"])
def test_editor_gets_a_refusal_that_says_why_on_every_staff_page(people, url):
    case = open_case(assignee="lin")
    response = client_for(people, "edi").get(url)
    body = text(response)
    assert response.status_code == 403
    assert 'id="refusal"' in body and "目錄編輯帳號只管理輔導措施目錄" in body and "/admin/" in body
    assert "<form" not in body.split('id="main"')[1] and case.case_no not in body
    assert "表單已逾時" not in body


# ---- public inquiry -------------------------------------------------------------------------

@pytest.mark.store
def test_anonymous_inquiry_never_changes_the_enterprise_on_record(people):
    from fudao.enterprises.models import Enterprise
    from fudao.enterprises.services import ContactInput, upsert_enterprise

    firm, _ = upsert_enterprise(ubn=UBN, facts={"name": "好公司股份有限公司", "county": "臺北市"},
                                contact=ContactInput(name="王經理", phone="02-2345-6789",
                                                     email="wang@example.com"))
    contacts = list(firm.contacts.values_list("name", "phone", "email", "consent_to_contact"))
    sent = Client().post("/inquiry/", {
        "ubn": UBN, "org": "冒名貿易行", "name": "路人甲", "phone": "04-2222-3333",
        "email": "x@example.com", "needs": ["finance"], "question": "想問貸款", "consent": "on"})
    assert sent.status_code == 302
    firm = Enterprise.objects.get(ubn=UBN)
    assert (firm.name, firm.county) == ("好公司股份有限公司", "臺北市")
    assert list(firm.contacts.values_list("name", "phone", "email", "consent_to_contact")) == contacts
    case = Case.objects.get(channel="web")
    assert case.enterprise_id == firm.pk  # linked, not duplicated
    assert (case.enterprise_name, case.contact_name, case.contact_phone, case.contact_email) == (
        "冒名貿易行", "路人甲", "04-2222-3333", "x@example.com")
    page = text(client_for(people, "root").get(f"/desk/cases/{case.case_no}/"))
    assert "好公司股份有限公司" in page and "受理時所填名稱：冒名貿易行" in page and "路人甲" in page


@pytest.mark.store
def test_anonymous_inquiry_creates_a_missing_enterprise_without_contacts():
    from fudao.enterprises.models import Enterprise

    Client().post("/inquiry/", {"ubn": OTHER_UBN, "org": "新創工作室", "name": "林小姐",
                                "phone": "02-2999-0000", "email": "lin@example.com",
                                "needs": ["marketing"], "question": "行銷補助", "consent": "on"})
    firm = Enterprise.objects.get(ubn=OTHER_UBN)
    assert firm.name == "新創工作室" and firm.contacts.count() == 0
    assert Case.objects.get(enterprise=firm).contact_name == "林小姐"
