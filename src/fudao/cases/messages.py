"""Messages to the enterprise and its replies (DESIGN "Case files and messages").

A `message` activity (kind request_info · resolved · referred · closed) is written with its
history row in one transaction and e-mailed to the case's contact by the worker (`fudao
worker`) once that transaction commits, from the zh-TW templates `cases/mail/*.txt`; its
`delivery` goes queued → sent, or bounced when the mail server refuses it (recorded on the
case with its history row, never retried). A `request_info` message moves the case to
`waiting_enterprise` and carries a private reply link: a token signed with the site's secret
key (`django.core.signing`, salted for this purpose) naming the message, valid for
`FUDAO_REPLY_LINK_DAYS`. The reply page (`/reply/<token>`) writes a `reply` activity with the
enterprise's answer and files and moves the case back to `in_progress` (its SLA clock runs
again); a tampered or expired token, or a case resolved, closed or merged since, is not found.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.cases import attachments, history, policy
from fudao.cases.delivery import REPLY_SALT, deliver, link_days, message_mail, reply_token
from fudao.cases.ledger import CaseError, check_when, history_row, locked, require
from fudao.cases.models import Activity, Case
from fudao.cases.services import move_status, note_response
from fudao.cases.tasks import send_case_message
from fudao.cases.vocabulary import MESSAGE_KINDS, STATUSES, check
from fudao.zhtext.rocdates import format_roc_date

__all__ = ["deliver", "message_mail", "reply_token", "send_message", "submit_reply"]

log = logging.getLogger("fudao.cases")
MAX_TEXT = 4000
MAX_REPLY_FILES = 3
CLOSED_STATUSES = frozenset({"resolved", "closed", "merged"})


class ReplyLinkInvalid(LookupError):
    """A reply link that is tampered with, expired, or whose case is no longer open (the page
    answers 404, the same for all)."""


def site_url() -> str:
    """The site's address for links in e-mails sent from the command line (`FUDAO_SITE_URL`)."""
    return str(getattr(settings, "FUDAO_SITE_URL", "http://127.0.0.1:8000/"))


def send_message(*, case_no: str, kind: str, text: str, by: Actor, base_url: str | None = None,
                 at: dt.datetime | None = None) -> Activity:
    """Write a message to the case's contact (its history row; for `request_info` the move to
    `waiting_enterprise`) in one transaction, and queue its e-mail for the worker once it
    commits. CaseError (zh-TW) for an unknown kind, a missing text, a case without an e-mail
    address or one that cannot change."""
    with transaction.atomic():
        case = locked(case_no, by)
        require(policy.can_change(by, case))  # the refusal first, then the values
        try:
            check(kind, MESSAGE_KINDS, "訊息種類 kind")
        except ValueError as exc:
            raise CaseError(str(exc)) from None
        body = (text or "").strip()
        if not body:
            raise CaseError("請填寫訊息內容 text")
        if len(body) > MAX_TEXT:
            raise CaseError(f"訊息內容 text 過長（上限 {MAX_TEXT:,} 字）")
        url = base_url or site_url()
        if not url.startswith(("http://", "https://")):
            raise CaseError(f"網站位址「{url}」須以 http:// 或 https:// 開頭（FUDAO_SITE_URL）")
        if not case.contact_email:
            raise CaseError(f"案件「{case.case_no}」沒有聯絡人電子郵件，無法寄送訊息")
        if kind == "request_info" and case.status in CLOSED_STATUSES:
            raise CaseError(f"案件已{STATUSES[case.status]}，不能再請企業補件（請先改回處理中）")
        when = check_when(at, not_before=case.opened_at, what="訊息時間 at")
        activity = Activity.objects.create(
            case=case, type="message", at=when, by_id=by.user_id, by_name=by.label,
            data={"kind": kind, "text": body, "to": case.contact_email, "delivery": "queued"})
        history_row(case, by, when, *history.activity_logged("message", activity.pk)).save()
        if kind == "request_info" and case.status != "waiting_enterprise":
            move_status(case=case, status="waiting_enterprise", by=by, at=when)
        note_response(case, "email", when)
        message_id = activity.pk
        transaction.on_commit(lambda: send_case_message.enqueue(message_id, url))
    return activity


@dataclass(frozen=True)
class ReplyContext:
    """What the reply page shows: the case number and the question asked."""

    case_no: str
    question: str
    asked_on: str
    message_id: int


def open_reply_link(token: str) -> tuple[Activity, Case]:
    """The request_info message and its case named by a reply token, or ReplyLinkInvalid
    (tampered, expired, not a request, the case resolved, closed or merged)."""
    try:
        payload = signing.loads(token or "", salt=REPLY_SALT, max_age=dt.timedelta(days=link_days()))
    except signing.BadSignature:  # SignatureExpired is one
        raise ReplyLinkInvalid() from None
    message_id = payload.get("m") if isinstance(payload, dict) else None
    if not isinstance(message_id, int):
        raise ReplyLinkInvalid()
    activity = Activity.objects.select_related("case").filter(pk=message_id, type="message").first()
    if activity is None or activity.data.get("kind") != "request_info" or activity.case.status in CLOSED_STATUSES:
        raise ReplyLinkInvalid()
    return activity, activity.case


def reply_context(token: str) -> ReplyContext:
    """The reply page's content for a valid link (ReplyLinkInvalid otherwise)."""
    activity, case = open_reply_link(token)
    return ReplyContext(case_no=case.case_no, question=activity.data.get("text", ""),
                        asked_on=format_roc_date(timezone.localdate(activity.at)), message_id=activity.pk)


def submit_reply(*, token: str, text: str, uploads: list[attachments.Upload]) -> Activity:
    """The enterprise's answer through its reply link: a `reply` activity with its files and
    history rows, and the case back from `waiting_enterprise` to `in_progress`, in one
    transaction. ReplyLinkInvalid for a bad link; CaseError or AttachmentError (zh-TW), and
    nothing written, for an empty answer or a refused file."""
    body = (text or "").strip()
    if not body and not uploads:
        raise CaseError("請填寫回覆內容或上傳檔案")
    if len(body) > MAX_TEXT:
        raise CaseError(f"回覆內容過長（上限 {MAX_TEXT:,} 字）")
    if len(uploads) > MAX_REPLY_FILES:
        raise CaseError(f"一次最多上傳 {MAX_REPLY_FILES} 個檔案")
    for upload in uploads:
        attachments.check_upload(upload)
    saved: list[str] = []
    try:
        with transaction.atomic():
            message, _ = open_reply_link(token)
            case = Case.objects.select_for_update().get(pk=message.case_id)
            if case.status in CLOSED_STATUSES:
                raise ReplyLinkInvalid()
            enterprise = Actor(username=f"企業回覆（{case.contact_name}）" if case.contact_name else "企業回覆",
                               role=None)
            when = timezone.now()
            reply = Activity.objects.create(case=case, type="reply", at=when, by_name=enterprise.label,
                                            data={"text": body, "in_reply_to": message.pk})
            history_row(case, enterprise, when, *history.activity_logged("reply", reply.pk)).save()
            attachments.store(case=case, uploads=uploads, by=enterprise, when=when, saved=saved,
                              activity=reply)
            if case.status == "waiting_enterprise":
                move_status(case=case, status="in_progress", by=enterprise, at=when)
    except BaseException:
        attachments.discard(saved)
        raise
    return reply
