"""The events services: capacity and waitlist, promotion on cancel (with its e-mail),
refusals that write nothing, attendance, attendee to case, consultation-day slots."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from eventhelpers import make_event, person

from fudao.accounts.actors import ANONYMOUS, LOCAL
from fudao.accounts.services import actor_by_name, add_user
from fudao.cases.models import Case
from fudao.enterprises.models import Enterprise
from fudao.events import services, slots
from fudao.events.errors import EventConflict, EventError, EventNotFound, RegistrationNotFound
from fudao.events.models import Registration
from fudao.events.selectors import figures, get_event
from fudao.events.tokens import token_digest

pytestmark = [pytest.mark.store, pytest.mark.django_db]

VALID_UBN = "04595257"


def test_full_event_waitlists_in_order():
    make_event(capacity=2)
    results = [services.register(event_id="ev-1", registrant=person(i)) for i in range(1, 5)]
    assert [r.registration.status for r in results] == ["registered", "registered", "waitlisted", "waitlisted"]
    assert [r.registration.position for r in results] == [None, None, 1, 2]
    counts = figures(get_event("ev-1"))
    assert (counts["registered"], counts["waitlisted"], counts["seats_left"]) == (2, 2, 0)


def run_worker_once() -> None:
    """Run the queued promotion e-mails as the worker would (in this test's transaction: the
    worker command itself closes connections between tasks, which PostgreSQL tests cannot
    survive; a real `fudao worker` runs them in tests/events/test_events_cli.py)."""
    from django_tasks_db.models import DBTaskResult

    from fudao.events.tasks import send_promotion_mail

    queued = DBTaskResult.objects.filter(task_path="fudao.events.tasks.send_promotion_mail")
    for row in queued:
        send_promotion_mail.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])


def test_cancel_by_link_promotes_first_waitlisted_and_emails_them(django_capture_on_commit_callbacks):
    make_event(capacity=2)
    first = services.register(event_id="ev-1", registrant=person(1))
    services.register(event_id="ev-1", registrant=person(2))
    third = services.register(event_id="ev-1", registrant=person(3))
    fourth = services.register(event_id="ev-1", registrant=person(4))
    with django_capture_on_commit_callbacks(execute=True):
        done = services.cancel_by_token(event_id="ev-1", token=first.token)
    assert done.registration.status == "cancelled"
    assert done.promoted is not None and done.promoted.pk == third.registration.pk
    third.registration.refresh_from_db()
    fourth.registration.refresh_from_db()
    assert (third.registration.status, third.registration.position) == ("registered", None)
    assert (fourth.registration.status, fourth.registration.position) == ("waitlisted", 1)
    assert mail.outbox == []  # queued for the worker, not sent inside the request
    run_worker_once()
    assert [m.to for m in mail.outbox] == [["p3@example.tw"]]
    assert "轉為正取" in mail.outbox[0].body
    with pytest.raises(EventConflict, match="已取消"):
        services.cancel_by_token(event_id="ev-1", token=first.token)


def test_wrong_token_and_waitlisted_cancel_renumbers():
    make_event(capacity=1)
    services.register(event_id="ev-1", registrant=person(1))
    second = services.register(event_id="ev-1", registrant=person(2))
    third = services.register(event_id="ev-1", registrant=person(3))
    with pytest.raises(RegistrationNotFound):
        services.cancel_by_token(event_id="ev-1", token="not-the-token")
    stored = Registration.objects.get(pk=second.registration.pk)
    assert stored.token_digest == token_digest(second.token) and second.token not in stored.token_digest
    done = services.cancel_by_token(event_id="ev-1", token=second.token)
    assert done.promoted is None
    third.registration.refresh_from_db()
    assert third.registration.position == 1


def test_duplicate_phone_or_email_refused_but_allowed_after_cancel():
    make_event(capacity=5)
    first = services.register(event_id="ev-1", registrant=person(1))
    with pytest.raises(EventConflict, match="電話「02 2345 0001」已報名"):
        services.register(event_id="ev-1", registrant=person(9, phone="02 2345 0001"))
    with pytest.raises(EventConflict, match=r"電子郵件「p1@example\.tw」已報名"):
        services.register(event_id="ev-1", registrant=person(9, email="P1@Example.tw"))
    assert Registration.objects.count() == 1
    services.cancel_by_token(event_id="ev-1", token=first.token)
    again = services.register(event_id="ev-1", registrant=person(1))
    assert again.registration.status == "registered"


@pytest.mark.parametrize(("changes", "message"), [
    ({"phone": "123"}, "聯絡電話「123」格式不正確"),
    ({"email": "not-an-email"}, "電子郵件「not-an-email」格式不正確"),
    ({"ubn": "12345678"}, "統一編號「12345678」"),
    ({"name": "  "}, "請填寫姓名"),
    ({"email": ""}, "請填寫電子郵件"),
])
def test_invalid_fields_refused_and_nothing_written(changes, message):
    make_event()
    with pytest.raises(EventError, match=message):
        services.register(event_id="ev-1", registrant=person(1, **changes))
    assert Registration.objects.count() == 0 and Enterprise.objects.count() == 0


def test_past_cancelled_and_unknown_events_refused():
    make_event("past", days=-1)
    make_event("off", cancelled=True)
    with pytest.raises(EventConflict, match="已開始或已結束"):
        services.register(event_id="past", registrant=person(1))
    with pytest.raises(EventConflict, match="已停辦"):
        services.register(event_id="off", registrant=person(1))
    with pytest.raises(EventNotFound):
        services.register(event_id="nope", registrant=person(1))
    assert Registration.objects.count() == 0


def test_ubn_links_the_enterprise_with_the_contact():
    make_event()
    done = services.register(event_id="ev-1", registrant=person(2, ubn=VALID_UBN))
    enterprise = Enterprise.objects.get(ubn=VALID_UBN)
    assert done.registration.enterprise_id == enterprise.pk
    assert enterprise.name == "公司2"
    contact = enterprise.contacts.get()
    assert (contact.phone_digits, contact.consent_to_contact) == ("0223450002", True)


def test_larger_capacity_promotes_the_waitlist():
    make_event(capacity=1)
    for i in range(1, 4):
        services.register(event_id="ev-1", registrant=person(i))
    make_event(capacity=3)
    assert figures(get_event("ev-1"))["registered"] == 3


def test_attendance_and_attendee_to_case():
    make_event()
    seat = services.register(event_id="ev-1", registrant=person(1, ubn=VALID_UBN)).registration
    services.register(event_id="ev-1", registrant=person(2))
    wait = services.register(event_id="ev-1", registrant=person(3)).registration
    with pytest.raises(EventConflict, match="只有已報名者"):
        services.mark_attendance(event_id="ev-1", registration_id=wait.pk, by=LOCAL)
    with pytest.raises(EventConflict, match="尚未登記出席"):
        services.attendee_to_case(event_id="ev-1", registration_id=seat.pk, kind="inquiry", by=LOCAL)
    services.mark_attendance(event_id="ev-1", registration_id=seat.pk, by=LOCAL)
    assert figures(get_event("ev-1"))["attended"] == 1
    with pytest.raises(EventError, match="kind「debt」不可用"):
        services.attendee_to_case(event_id="ev-1", registration_id=seat.pk, kind="debt", by=LOCAL)
    case = services.attendee_to_case(event_id="ev-1", registration_id=seat.pk, kind="counselling", by=LOCAL)
    assert (case.channel, case.kind, case.enterprise.ubn) == ("walk_in", "counselling", VALID_UBN)
    assert case.contact_name == "報名者1"
    seat.refresh_from_db()
    assert seat.case_id == case.pk
    with pytest.raises(EventConflict, match="已轉為案件"):
        services.attendee_to_case(event_id="ev-1", registration_id=seat.pk, kind="inquiry", by=LOCAL)
    assert Case.objects.count() == 1


def test_only_desk_roles_manage_events():
    make_event()
    seat = services.register(event_id="ev-1", registrant=person(1)).registration
    add_user(username="ana", role="analyst", password="a-Long-pass-2026")
    with pytest.raises(EventError, match="只有顧問"):
        services.mark_attendance(event_id="ev-1", registration_id=seat.pk, by=actor_by_name("ana"))
    with pytest.raises(EventError, match="請先登入"):
        services.cancel_by_staff(event_id="ev-1", registration_id=seat.pk, by=ANONYMOUS)
    add_user(username="con", role="consultant", password="a-Long-pass-2026")
    services.mark_attendance(event_id="ev-1", registration_id=seat.pk, by=actor_by_name("con"))


def test_consultation_day_slot_booked_once():
    event = make_event("day", kind="consultation_day")
    slot = slots.add_slot(event_id="day", starts_at=event.starts_at,
                          ends_at=event.starts_at + dt.timedelta(minutes=30),
                          expert_name="王律師", expert_kind="律師", by=LOCAL)
    assert slot.expert_kind == "lawyer"
    case = slots.book_slot(slot_id=slot.pk, registrant=person(1, ubn=VALID_UBN), by=LOCAL)
    assert (case.kind, case.enterprise.ubn) == ("consultation_day", VALID_UBN)
    slot.refresh_from_db()
    assert slot.case_id == case.pk
    with pytest.raises(EventConflict, match="已被預約"):
        slots.book_slot(slot_id=slot.pk, registrant=person(2), by=LOCAL)
    assert Case.objects.count() == 1
    with pytest.raises(EventError, match="須在活動的開始與結束時間之內"):
        slots.add_slot(event_id="day", starts_at=event.ends_at, ends_at=event.ends_at + dt.timedelta(hours=1),
                       expert_name="李會計師", expert_kind="accountant", by=LOCAL)
    with pytest.raises(EventError, match="專家類別「醫師」不存在"):
        slots.add_slot(event_id="day", starts_at=event.starts_at, ends_at=event.ends_at,
                       expert_name="某", expert_kind="醫師", by=LOCAL)
    make_event("talk")
    with pytest.raises(EventError, match="不是專業諮詢日"):
        slots.add_slot(event_id="talk", starts_at=timezone.now(), ends_at=timezone.now() + dt.timedelta(hours=1),
                       expert_name="某", expert_kind="lawyer", by=LOCAL)
