"""A registration made on the public form or through the API with an e-mail queues, for the
worker, a confirmation e-mail carrying the private cancel link; the queue never holds the
token in clear, and nothing is sent for a registration cancelled before the worker runs."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from eventhelpers import make_event, person

from fudao.events import services
from fudao.events.models import Registration
from fudao.events.tokens import open_token, seal_token

pytestmark = [pytest.mark.django_db]

FORM = {"name": "王小明", "org": "明華精密", "phone": "02-2345-6789", "email": "wang@example.tw", "consent": "1"}
TASK = "fudao.events.tasks.send_registration_mail"


def queued() -> list:
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at"))


def run_worker_once() -> None:
    """Run the queued confirmation e-mails as the worker would (see test_events_services)."""
    from fudao.events.tasks import send_registration_mail

    for row in queued():
        send_registration_mail.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])


def test_form_registration_emails_the_cancel_link(client, django_capture_on_commit_callbacks):
    make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/events/ev-1/", FORM)
        second = client.post("/events/ev-1/", {**FORM, "phone": "0912-345-678", "email": "lee@example.tw"})
    link = first.context["result"]["cancel_url"]
    assert mail.outbox == []  # queued for the worker, not sent inside the request
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert all(token not in json.dumps(row.args_kwargs) for row in queued())  # sealed in the queue
    run_worker_once()
    assert [m.to for m in mail.outbox] == [["wang@example.tw"], ["lee@example.tw"]]
    seat, wait = mail.outbox
    assert seat.subject.startswith("報名確認") and link in seat.body and "王小明 您好" in seat.body
    assert wait.subject.startswith("候補登記確認") and "候補第 1 位" in wait.body
    assert second.context["result"]["cancel_url"] in wait.body
    mailed = re.search(r"http://testserver/events/ev-1/cancel/\S+/", wait.body)
    assert mailed is not None
    client.post(mailed.group(0).removeprefix("http://testserver"))
    assert Registration.objects.get(email="lee@example.tw").status == "cancelled"


def test_api_registration_emails_the_cancel_link(client, django_capture_on_commit_callbacks):
    make_event()
    body = {"name": "王", "org": "", "phone": "02-2345-6789", "email": "w@example.tw", "consent": True}
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/api/events/ev-1/registrations", json.dumps(body), content_type="application/json")
    assert answer.status_code == 201
    run_worker_once()
    assert [m.to for m in mail.outbox] == [["w@example.tw"]]
    assert answer.json()["cancel_url"] in mail.outbox[0].body


def test_refused_or_cancelled_registrations_send_nothing(client, django_capture_on_commit_callbacks):
    make_event()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/events/ev-1/", {**FORM, "email": "bad"}).status_code == 400
        done = client.post("/events/ev-1/", FORM)
    assert len(queued()) == 1
    services.cancel_by_token(event_id="ev-1", token=done.context["result"]["cancel_url"].split("/")[-2])
    run_worker_once()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event_id="ev-1", registrant=person(5))  # CLI and import: no site, no e-mail
    assert len(queued()) == 1


def test_sealed_token_opens_only_to_itself():
    sealed = seal_token("abc-DEF_123")
    assert open_token(sealed) == "abc-DEF_123" and "abc-DEF_123" not in sealed
    assert seal_token("abc-DEF_123") != sealed  # a fresh nonce each time
    assert open_token("not base64!") is None and open_token("") is None
    from fudao.events.mail import send_confirmation

    make_event()
    registration = services.register(event_id="ev-1", registrant=person(1)).registration
    assert send_confirmation(registration.pk, seal_token("forged"), "http://testserver/") is False
    assert mail.outbox == []
