"""The public side of a consultation day (專業諮詢日): its page lists the time slots with the
expert and whether each is free, and books a free one (a case whose number is shown); the API
gives the slots and books one; a slot already booked or bad input writes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from eventhelpers import make_event

from fudao.accounts.actors import LOCAL
from fudao.cases.models import Case
from fudao.enterprises.models import Enterprise
from fudao.events import slots
from fudao.events.models import TimeSlot

pytestmark = [pytest.mark.django_db]

BOOKING = {"name": "林小姐", "org": "林記食品", "phone": "04-2345-6789", "email": "lin@example.tw",
           "consent": "1", "question": "想了解勞動契約的問題"}


def consultation_day() -> tuple[TimeSlot, TimeSlot, TimeSlot]:
    """A consultation day `day` with a lawyer, an accountant and a financial adviser."""
    event = make_event("day", kind="consultation_day")
    made = []
    for n, (name, kind) in enumerate((("王大明", "lawyer"), ("李會計師", "accountant"), ("張顧問", "financial_advisor"))):
        start = event.starts_at + dt.timedelta(minutes=30 * n)
        made.append(slots.add_slot(event_id="day", starts_at=start, ends_at=start + dt.timedelta(minutes=30),
                                   expert_name=name, expert_kind=kind, by=LOCAL))
    return made[0], made[1], made[2]


def test_page_lists_slots_and_books_a_free_one(client):
    lawyer, accountant, _adviser = consultation_day()
    page = client.get("/events/day/").content.decode()
    for label in ("律師", "會計師", "財務顧問", "王大明", "李會計師", "張顧問"):
        assert label in page
    assert page.count("可預約") >= 3 and f'id="b-slot-{lawyer.pk}"' in page and "r-submit" not in page

    done = client.post("/events/day/book/", {**BOOKING, "slot": str(lawyer.pk)})
    assert done.status_code == 200
    case = Case.objects.get()
    body = done.content.decode()
    assert "預約成功" in body and f'id="booked-case-no">{case.case_no}<' in body
    assert (case.kind, case.channel, case.contact_name, case.contact_email) == (
        "consultation_day", "web", "林小姐", "lin@example.tw")
    assert "想了解勞動契約的問題" in case.summary and "律師 王大明" in case.summary
    lawyer.refresh_from_db()
    assert lawyer.case_id == case.pk
    page = client.get("/events/day/").content.decode()
    assert f'id="b-slot-{lawyer.pk}"' not in page and f'id="b-slot-{accountant.pk}"' in page
    assert "已預約" in page and case.case_no not in page  # the public never sees whose booking

    taken = client.post("/events/day/book/", {**BOOKING, "phone": "04-2345-0000", "slot": str(lawyer.pk)})
    assert taken.status_code == 409 and "此諮詢時段已被預約" in taken.content.decode()
    assert 'value="林記食品"' in taken.content.decode()  # the form keeps what was typed
    assert Case.objects.count() == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"slot": ""}, "請選擇諮詢時段"),
    ({"slot": "abc"}, "諮詢時段「abc」不正確"),
    ({"slot": "9" * 40}, "不正確"),
    ({"slot": "999999"}, "找不到諮詢時段「999999」"),
    ({"email": ""}, "請填寫電子郵件"),
    ({"phone": "123"}, "聯絡電話「123」格式不正確"),
    ({"ubn": "12345678"}, "統一編號「12345678」"),
    ({"question": "問" * 2001}, "諮詢事項過長"),
])
def test_bad_bookings_name_the_field_and_write_nothing(client, changes, message):
    lawyer, _, _ = consultation_day()
    answer = client.post("/events/day/book/", {**BOOKING, "slot": str(lawyer.pk), "ubn": "", **changes})
    assert answer.status_code == 400 and message in answer.content.decode()
    if "slot" not in changes:  # the chosen slot stays chosen
        assert f'value="{lawyer.pk}" required checked' in answer.content.decode()
    assert Case.objects.count() == 0 and Enterprise.objects.count() == 0
    assert TimeSlot.objects.filter(case__isnull=False).count() == 0


def test_booking_refusals_other_events_and_methods(client):
    consultation_day()
    day = make_event("other-day", kind="consultation_day")
    other = slots.add_slot(event_id="other-day", starts_at=day.starts_at, ends_at=day.ends_at,
                           expert_name="某律師", expert_kind="lawyer", by=LOCAL)
    wrong = client.post("/events/day/book/", {**BOOKING, "slot": str(other.pk)})
    assert wrong.status_code == 400 and f"找不到諮詢時段「{other.pk}」" in wrong.content.decode()
    make_event("talk")
    assert client.post("/events/talk/book/", {**BOOKING, "slot": str(other.pk)}).status_code == 404
    assert client.post("/events/none/book/", BOOKING).status_code == 404
    assert client.get("/events/day/book/").status_code == 405
    past = make_event("past-day", kind="consultation_day", days=-1)
    old = slots.add_slot(event_id="past-day", starts_at=past.starts_at, ends_at=past.ends_at,
                         expert_name="某會計師", expert_kind="accountant", by=LOCAL)
    assert "目前沒有可預約的諮詢時段" in client.get("/events/past-day/").content.decode()
    late = client.post("/events/past-day/book/", {**BOOKING, "slot": str(old.pk)})
    assert late.status_code == 409 and "已開始或已結束" in late.content.decode()
    assert Case.objects.count() == 0


def test_api_lists_slots_and_books_one(client):
    lawyer, accountant, _ = consultation_day()
    data = client.get("/api/events/day").json()
    assert [s["id"] for s in data["slots"]] == [lawyer.pk, accountant.pk, lawyer.pk + 2]
    first = data["slots"][0]
    assert first["expert"] == {"name": "王大明", "kind": "lawyer", "kind_label": "律師"}
    assert (first["free"], first["bookable"]) == (True, True) and first["starts_at"].endswith("+08:00")
    assert set(first) == {"id", "starts_at", "ends_at", "expert", "free", "bookable"}
    make_event("talk")
    assert "slots" not in client.get("/api/events/talk").json()

    body = {k: v for k, v in BOOKING.items() if k != "consent"} | {"consent": True}
    post = lambda data, path=f"/api/events/day/slots/{lawyer.pk}/bookings": client.post(  # noqa: E731
        path, json.dumps(data), content_type="application/json")
    booked = post(body)
    assert booked.status_code == 201
    case = Case.objects.get()
    assert booked.json() == {"case_no": case.case_no, "slot_id": lawyer.pk}
    assert client.get("/api/events/day").json()["slots"][0]["free"] is False
    again = post({**body, "phone": "04-2345-0000"})
    assert again.status_code == 409 and "已被預約" in again.json()["error"]
    assert post({**body, "email": "bad"}).json()["error"] == "電子郵件「bad」格式不正確"
    assert post({**body, "age": 3}).status_code == 400
    assert post({**body, "question": 5}).json()["error"] == "諮詢事項 question 須為字串"
    assert post({**body, "consent": "yes"}).status_code == 400
    assert post(["not", "an", "object"]).json()["error"].startswith("請求內容須為 JSON 物件")
    huge = '{"name": 1' + "0" * 5000 + "}"
    assert client.post(f"/api/events/day/slots/{accountant.pk}/bookings", huge,
                       content_type="application/json").status_code == 400
    assert client.post(f"/api/events/day/slots/{accountant.pk}/bookings", "{",
                       content_type="application/json").status_code == 400
    assert post(body, "/api/events/day/slots/999999/bookings").status_code == 404
    assert post(body, f"/api/events/day/slots/{'9' * 30}/bookings").status_code == 404
    assert post(body, "/api/events/day/slots/abc/bookings").status_code == 400
    assert post(body, f"/api/events/none/slots/{accountant.pk}/bookings").status_code == 404
    assert post(body, f"/api/events/talk/slots/{accountant.pk}/bookings").status_code == 404
    assert Case.objects.count() == 1

    schema = client.get("/api/openapi.json").json()
    route = schema["paths"]["/api/events/{event_id}/slots/{slot_id}/bookings"]["post"]
    assert {"201", "400", "404", "409", "413"} <= set(route["responses"]) and "requestBody" in route
    detail = schema["paths"]["/api/events/{event_id}"]["get"]["responses"]
    assert {"200", "404"} <= set(detail)
    slot_schema = schema["components"]["schemas"]["SlotOut"]["properties"]
    assert {"id", "starts_at", "ends_at", "expert", "free"} <= set(slot_schema)
