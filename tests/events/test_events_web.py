"""The events pages and API through Django's test client: registration form and result,
private cancel link, staff pages behind the login and the role, exports, check-in, to case."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from eventhelpers import make_event, person
from openpyxl import load_workbook

from fudao.accounts.services import add_user
from fudao.cases.models import Case
from fudao.events import services
from fudao.events.models import Registration

pytestmark = [pytest.mark.django_db]

PASSWORD = "a-Long-pass-2026"
FORM = {"name": "王小明", "org": "明華精密", "phone": "02-2345-6789", "email": "wang@example.tw", "consent": "1"}


def _staff(client, role: str = "consultant"):
    add_user(username=role, role=role, password=PASSWORD)
    client.force_login(get_user_model().objects.get(username=role))
    return client


def test_list_filters_by_region_and_kind(client):
    make_event("north", region="北區")
    make_event("south", region="南區", kind="training")
    make_event("gone", days=-3)
    page = client.get("/events/").content.decode()
    assert "說明會 north" in page and "說明會 south" in page and "說明會 gone" not in page
    page = client.get("/events/?region=南區").content.decode()
    assert "說明會 south" in page and "說明會 north" not in page
    page = client.get("/events/?kind=info_session").content.decode()
    assert "說明會 north" in page and "說明會 south" not in page


def test_register_then_waitlist_then_cancel_by_private_link(client):
    make_event(capacity=1)
    first = client.post("/events/ev-1/", FORM)
    assert first.status_code == 200 and "報名成功" in first.content.decode()
    link = first.context["result"]["cancel_url"]
    second = client.post("/events/ev-1/", {**FORM, "phone": "0912-345-678", "email": "lee@example.tw"})
    assert "候補第" in second.content.decode() and second.context["result"]["position"] == 1
    path = link.removeprefix("http://testserver")
    confirm = client.get(path)
    assert "確認取消報名" in confirm.content.decode()
    assert Registration.objects.filter(status="cancelled").count() == 0  # GET never cancels
    done = client.post(path)
    assert "您的報名已取消" in done.content.decode()
    assert list(Registration.objects.order_by("id").values_list("status", flat=True)) == ["cancelled", "registered"]
    assert client.get("/events/ev-1/cancel/forged-token/").status_code == 404


def test_form_refusals_name_the_field_and_write_nothing(client):
    make_event()
    bad = client.post("/events/ev-1/", {**FORM, "ubn": "12345678"})
    assert bad.status_code == 400 and "統一編號「12345678」" in bad.content.decode()
    assert 'value="明華精密"' in bad.content.decode()  # the form keeps what was typed
    client.post("/events/ev-1/", FORM)
    twice = client.post("/events/ev-1/", {**FORM, "email": "other@example.tw"})
    assert twice.status_code == 409 and "已報名本活動" in twice.content.decode()
    assert Registration.objects.count() == 1
    make_event("past", days=-1)
    closed = client.get("/events/past/").content.decode()
    assert "報名已截止" in closed and "r-submit" not in closed
    assert client.post("/events/past/", FORM).status_code == 409
    assert client.get("/events/none/").status_code == 404


def test_staff_pages_need_login_and_a_desk_role(client):
    make_event()
    anonymous = client.get("/staff/events/ev-1/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/?next=")
    assert "服務人員登入" in client.get("/accounts/login/").content.decode()
    _staff(client, "analyst")
    assert client.get("/staff/events/ev-1/").status_code == 403
    assert client.get("/staff/events/ev-1/registrations.csv").status_code == 403


def test_staff_registrations_exports_check_in_and_case(client):
    make_event(capacity=2)
    seat = services.register(event_id="ev-1", registrant=person(1, ubn="04595257")).registration
    services.register(event_id="ev-1", registrant=person(2))
    services.register(event_id="ev-1", registrant=person(3))
    _staff(client)
    page = client.get("/staff/events/ev-1/").content.decode()
    assert 'id="n-registered">2<' in page and 'id="n-waitlisted">1<' in page

    rows = list(csv.reader(io.StringIO(client.get("/staff/events/ev-1/registrations.csv").content.decode("utf-8-sig"))))
    assert rows[0][:7] == ["報名編號", "姓名", "單位", "統一編號", "電話", "電子郵件", "同意聯繫"]
    assert [r[6] for r in rows[1:]] == ["不同意", "同意", "不同意"] and rows[3][7] == "候補"
    book = load_workbook(io.BytesIO(client.get("/staff/events/ev-1/registrations.xlsx").content))
    sheet = book["報名名單"]
    assert sheet["B1"].value == "姓名" and sheet.max_row == 4

    sheet_page = client.get("/staff/events/ev-1/sign-in/").content.decode()
    assert "簽到表" in sheet_page and "報名者1" in sheet_page and "報名者3" not in sheet_page

    marked = client.post(f"/staff/events/ev-1/registrations/{seat.pk}/attend/", HTTP_HX_REQUEST="true")
    assert marked.status_code == 200 and "已報到" in marked.content.decode() and "<html" not in marked.content.decode()
    found = client.get("/staff/events/ev-1/check-in/?q=2345-0001").content.decode()
    assert "報名者1" in found and "報名者2" not in found and "轉為案件" in found
    opened = client.post(f"/staff/events/ev-1/registrations/{seat.pk}/case/", {"kind": "counselling", "summary": "想了解融資"}, follow=True)
    case = Case.objects.get()
    assert f"已開立案件 {case.case_no}" in opened.content.decode()
    assert (case.channel, case.kind, case.summary, case.enterprise.ubn) == ("walk_in", "counselling", "想了解融資", "04595257")
    page = client.get("/staff/events/ev-1/").content.decode()
    assert 'id="n-attended">1<' in page and case.case_no in page

    cancelled = client.post(f"/staff/events/ev-1/registrations/{seat.pk}/cancel/", follow=True)
    assert "報名者3 已轉為正取" in cancelled.content.decode()


def test_api_routes(client):
    make_event(capacity=1)
    listed = client.get("/api/events").json()
    assert listed["count"] == 1 and listed["events"][0]["counts"]["seats_left"] == 1
    assert client.get("/api/events?kind=party").status_code == 400
    assert client.get("/api/events/ev-1").json()["kind_label"] == "說明會"
    assert client.get("/api/events/none").json() == {"error": "找不到活動「none」"}
    body = {"name": "王", "org": "", "phone": "02-2345-6789", "email": "w@example.tw", "consent": True}
    post = lambda data, eid="ev-1": client.post(f"/api/events/{eid}/registrations", json.dumps(data),  # noqa: E731
                                                content_type="application/json")
    first = post(body)
    assert first.status_code == 201 and first.json()["status"] == "registered" and first.json()["position"] is None
    second = post({**body, "phone": "0912-345-678", "email": "x@example.tw"})
    assert (second.json()["status"], second.json()["position"]) == ("waitlisted", 1)
    assert "/events/ev-1/cancel/" in second.json()["cancel_url"]
    again = post(body)
    assert again.status_code == 409 and "已報名" in again.json()["error"]
    assert post({**body, "email": "bad"}).status_code == 400
    assert post({**body, "consent": "yes"}).json()["error"] == "同意聯繫 consent 須為 true 或 false"
    assert "不認得的欄位" in post({**body, "age": 3}).json()["error"]
    assert post(body, "none").status_code == 404
    assert client.post("/api/events/ev-1/registrations", "{", content_type="application/json").status_code == 400
    schema = client.get("/api/openapi.json").json()
    route = schema["paths"]["/api/events/{event_id}/registrations"]["post"]
    assert {"201", "400", "404", "409"} <= set(route["responses"]) and "requestBody" in route
