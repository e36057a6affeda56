"""Messages to the enterprise (DESIGN "Case files and messages"): queued for the worker and
sent in zh-TW; a request for information moves the case to 待企業回覆 and carries a private
reply link whose page lands the answer and files on the case as a `reply` activity and moves
it back to 處理中 with its SLA clock running again; tampered, expired or closed links are 404;
a bounce is recorded on the case and not retried; resolving and closing take a reason."""

from __future__ import annotations

import re
import smtplib
import time

import pytest
from deskkit import error_of, post
from django.core import mail

from fudao.cases.models import Activity, Attachment, Case, HistoryEntry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TASK = "fudao.cases.tasks.send_case_message"


@pytest.fixture(autouse=True)
def files_in(tmp_path, settings):
    """Each test's attachments storage is a folder of its own; mail goes to the outbox."""
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "attachments")}}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return tmp_path / "attachments"


def run_worker_once() -> list[str]:
    """Run the queued message e-mails as `fudao worker` would; their outcomes."""
    from django_tasks_db.models import DBTaskResult

    from fudao.cases.tasks import send_case_message

    rows = DBTaskResult.objects.filter(task_path=TASK, status="READY").order_by("enqueued_at")
    out = [send_case_message.call(*r.args_kwargs["args"], **r.args_kwargs["kwargs"]) for r in rows]
    DBTaskResult.objects.filter(task_path=TASK).delete()
    return out


def _ask(client, desk, capture, case_no=None, text="請提供近3個月營收衰退的佐證資料"):
    case_no = case_no or desk.cases["mine"]
    with capture(execute=True):
        answer = post(client, f"/api/cases/{case_no}/messages", {"kind": "request_info", "text": text},
                      **desk.auth("cons_n"))
    assert answer.status_code == 201, answer.content.decode()
    return case_no, answer.json()["activity"]


def _link(body: str) -> str:
    found = re.search(r"http://testserver(/reply/\S+)", body)
    assert found, body
    return found.group(1)


def test_request_info_reply_with_a_pdf_then_resolve(client, desk, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    post(client, f"/api/cases/{desk.cases['mine']}", {"status": "in_progress"}, method="patch", **desk.auth("cons_n"))
    case_no, activity = _ask(client, desk, django_capture_on_commit_callbacks)
    assert activity["type"] == "message" and activity["kind"] == "request_info" and activity["delivery"] == "queued"
    case = Case.objects.get(case_no=case_no)
    assert case.status == "waiting_enterprise" and case.resolution_due is None  # the clock is paused
    assert mail.outbox == []  # sent by the worker, not inside the request
    assert run_worker_once() == ["sent"]
    (sent,) = mail.outbox
    assert sent.to == ["wang@example.com"] and case_no in sent.subject and "請提供資料" in sent.subject
    assert "王小明 您好" in sent.body and "營收衰退的佐證資料" in sent.body and "民國" in sent.body
    assert "0800-056-476" in sent.body
    link = _link(sent.body)

    page = client.get(link)
    assert page.status_code == 200 and "營收衰退的佐證資料" in page.content.decode()
    done = client.post(link, {"text": "附上112年損益表", "files": [SimpleUploadedFile("損益表.pdf", PDF)]})
    assert done.status_code == 200 and "已收到您的回覆" in done.content.decode()

    case.refresh_from_db()
    assert case.status == "in_progress" and case.resolution_due is not None  # the clock runs again
    doc = client.get(f"/api/cases/{case_no}", **desk.auth("cons_n")).json()
    reply = [a for a in doc["activities"] if a["type"] == "reply"]
    assert len(reply) == 1 and reply[0]["text"] == "附上112年損益表"
    assert [f["name"] for f in reply[0]["attachments"]] == ["損益表.pdf"]
    assert [h["new"] for h in doc["history"] if h["field"] == "status"][-2:] == ["waiting_enterprise", "in_progress"]
    delivery = [h for h in doc["history"] if h["field"] == f"message#{activity['id']}"]
    assert [(h["old"], h["new"]) for h in delivery] == [("queued", "sent")]
    file_id = reply[0]["attachments"][0]["id"]
    got = client.get(f"/api/cases/{case_no}/attachments/{file_id}", **desk.auth("cons_n"))
    assert b"".join(got.streaming_content) == PDF

    # resolving needs a reason; then the firm is told
    assert "需要結案原因" in error_of(post(client, f"/api/cases/{case_no}", {"status": "resolved"},
                                           method="patch", **desk.auth("cons_n")), 400)
    assert "結案原因 reason「maybe」不存在" in error_of(post(
        client, f"/api/cases/{case_no}", {"status": "resolved", "reason": "maybe"}, method="patch",
        **desk.auth("cons_n")), 400)
    ok = post(client, f"/api/cases/{case_no}", {"status": "resolved", "reason": "applied"}, method="patch",
              **desk.auth("cons_n"))
    assert ok.status_code == 200 and ok.json()["closing_reason"] == "applied"
    with django_capture_on_commit_callbacks(execute=True):
        told = post(client, f"/api/cases/{case_no}/messages", {"kind": "resolved", "text": "已協助申請貸款"},
                    **desk.auth("cons_n"))
    assert told.status_code == 201
    assert run_worker_once() == ["sent"]
    assert "已處理完成" in mail.outbox[-1].body and "/reply/" not in mail.outbox[-1].body
    # the link is dead once the case is resolved
    assert client.get(link).status_code == 404
    assert client.post(link, {"text": "再補一份"}).status_code == 404


def test_bad_links_are_404(client, desk, django_capture_on_commit_callbacks, settings):
    from fudao.cases.messages import reply_token

    case_no, activity = _ask(client, desk, django_capture_on_commit_callbacks)
    good = f"/reply/{reply_token(activity['id'])}"
    assert client.get(good).status_code == 200
    assert client.get(good[:-2] + ("aa" if not good.endswith("aa") else "bb")).status_code == 404
    assert client.get("/reply/nothing").status_code == 404
    other = Activity.objects.create(case=Case.objects.get(case_no=case_no), type="note",
                                    at=Activity.objects.get(pk=activity["id"]).at)
    assert client.get(f"/reply/{reply_token(other.pk)}").status_code == 404  # not a request
    # expired: a link older than FUDAO_REPLY_LINK_DAYS
    settings.FUDAO_REPLY_LINK_DAYS = 0
    time.sleep(1.1)
    assert client.get(good).status_code == 404


def test_reply_refuses_bad_files_and_writes_nothing(client, desk, django_capture_on_commit_callbacks, files_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case_no, _activity = _ask(client, desk, django_capture_on_commit_callbacks)
    run_worker_once()
    link = _link(mail.outbox[0].body)
    before = (Activity.objects.count(), HistoryEntry.objects.count(), Attachment.objects.count())
    refused = client.post(link, {"text": "附件", "files": [SimpleUploadedFile("a.pdf", PDF),
                                                         SimpleUploadedFile("b.pdf", b"PK\x03\x04" + b"0" * 50)]})
    assert refused.status_code == 400 and "內容與副檔名 .pdf 不符" in refused.content.decode()
    empty = client.post(link, {"text": "  "})
    assert empty.status_code == 400 and "請填寫回覆內容或上傳檔案" in empty.content.decode()
    assert (Activity.objects.count(), HistoryEntry.objects.count(), Attachment.objects.count()) == before
    assert Case.objects.get(case_no=case_no).status == "waiting_enterprise"
    assert not files_in.exists() or not list(files_in.rglob("*.*"))


class RefusingBackend:
    """A mail backend whose server refuses every recipient (a bounce)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"wang@example.com": (550, b"no such user")})


def test_a_bounce_is_recorded_and_not_retried(client, desk, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "test_desk_messages.RefusingBackend"
    case_no, activity = _ask(client, desk, django_capture_on_commit_callbacks)
    assert run_worker_once() == ["bounced"]
    row = Activity.objects.get(pk=activity["id"])
    assert row.data["delivery"] == "bounced" and row.data["error"] == "SMTPRecipientsRefused"
    assert HistoryEntry.objects.filter(case=row.case, field=f"message#{row.pk}", new="bounced").count() == 1
    from fudao.cases.messages import deliver

    assert deliver(row.pk, "http://testserver/") == "skipped"  # never sent again
    client.force_login(_user("cons_n"))
    page = client.get(f"/desk/cases/{case_no}/").content.decode()
    assert "退信（無法送達）" in page


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_bad_messages_are_refused_and_write_nothing(client, desk, cli):
    from fudao.accounts.actors import LOCAL
    from fudao.cases.services import CaseError, open_case

    auth = desk.auth("cons_n")
    case_no = desk.cases["mine"]
    silent = open_case(channel="hotline", kind="inquiry", by=LOCAL).case_no
    before = (Activity.objects.count(), HistoryEntry.objects.count())
    assert "訊息種類 kind「hello」不存在" in error_of(post(client, f"/api/cases/{case_no}/messages",
                                                      {"kind": "hello", "text": "x"}, **auth), 400)
    assert "請填寫訊息內容" in error_of(post(client, f"/api/cases/{case_no}/messages",
                                           {"kind": "request_info", "text": " "}, **auth), 400)
    assert post(client, f"/api/cases/{desk.cases['south']}/messages", {"kind": "request_info", "text": "x"},
                **auth).status_code == 404
    assert post(client, f"/api/cases/{case_no}/messages", {"kind": "request_info", "text": "x"},
                **desk.auth("ana")).status_code == 403
    code, _out, err = cli("cases", "message", silent, "--kind", "request_info", "--text", "請補件")
    assert code == 2 and "沒有聯絡人電子郵件" in err
    assert (Activity.objects.count(), HistoryEntry.objects.count()) == before
    code, _out, err = cli("cases", "log", case_no, "message", "--data", '{"kind": "resolved"}')
    assert code == 2 and "fudao cases message" in err
    with pytest.raises(CaseError):
        from fudao.cases.messages import send_message

        send_message(case_no=case_no, kind="resolved", text="x", by=LOCAL, base_url="ftp://x")


def test_cli_message_and_reason(cli, desk, django_capture_on_commit_callbacks):
    case_no = desk.cases["mine"]
    with django_capture_on_commit_callbacks(execute=True):
        code, _out, err = cli("cases", "message", case_no, "--kind", "request_info", "--text", "請提供財報",
                             "--as", "cons_n", "--json")
    assert code == 0, err
    assert Case.objects.get(case_no=case_no).status == "waiting_enterprise"
    assert run_worker_once() == ["sent"]
    assert "/reply/" in mail.outbox[0].body
    code, _out, err = cli("cases", "update", case_no, "--status", "resolved", "--as", "cons_n")
    assert code == 2 and "需要結案原因" in err
    code, _out, err = cli("cases", "update", case_no, "--status", "in_progress", "--reason", "answered")
    assert code == 2 and "只有改為已解決或已結案" in err
    code, _out, err = cli("cases", "update", case_no, "--status", "resolved", "--reason", "no_reply", "--json")
    assert code == 0, err
    case = Case.objects.get(case_no=case_no)
    assert case.closing_reason == "no_reply"
    assert HistoryEntry.objects.filter(case=case, field="reason", new="no_reply").count() == 1
    code, _out, _err = cli("cases", "update", case_no, "--status", "in_progress")
    assert code == 0 and Case.objects.get(case_no=case_no).closing_reason == ""


def test_case_page_message_and_resolve_with_reason(client, desk, django_capture_on_commit_callbacks):
    case_no = desk.cases["mine"]
    client.force_login(_user("cons_n"))
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/desk/cases/{case_no}/message", {"kind": "request_info", "text": "請提供美國出口報單"},
                           follow=True)
    assert "已排入寄送" in sent.content.decode()
    assert Case.objects.get(case_no=case_no).status == "waiting_enterprise"
    no_reason = client.post(f"/desk/cases/{case_no}/status", {"status": "resolved"}, follow=True)
    assert "需要結案原因" in no_reason.content.decode()
    done = client.post(f"/desk/cases/{case_no}/status", {"status": "resolved", "reason": "answered"}, follow=True)
    page = done.content.decode()
    assert "案件狀態已改為「已解決」" in page and "結案原因：已答覆" in page
    assert "answered" not in page.split('id="timeline"')[1]
