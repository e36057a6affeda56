"""Subscribing, confirming, unsubscribing and deleting (DESIGN "Alerts"). Each write is one
transaction; the e-mails are queued for the worker after it commits. Links carry signed,
expiring tokens (django.core.signing) naming the subscription and what the link does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.alerts.mail_tasks import send_confirmation_mail
from fudao.alerts.models import Subscription
from fudao.alerts.tokens import CONFIRM_DAYS, LINK_DAYS, LinkError, make_token, read_token
from fudao.errors import Invalid

__all__ = ["CONFIRM_DAYS", "LINK_DAYS", "LinkError", "make_token", "read_token"]

PURPOSE = ("當經濟部企業輔導措施有新的措施符合您留下的企業資料（或資格、金額上限、受理期間有變動）時，"
           "以電子郵件通知您；僅作此用途，您可隨時以信中連結查看、刪除資料或取消通知。")
KINDS = ("confirm", "unsubscribe", "mine")


class AlertError(Invalid):
    """Bad input for a subscription (zh-TW message naming what is wrong); nothing written."""


def clean_email(email: Any) -> str:
    """A valid e-mail address, trimmed; AlertError otherwise."""
    if not isinstance(email, str) or not email.strip():
        raise AlertError("請填寫電子郵件 email")
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise AlertError(f"電子郵件 email「{email[:80]}」不是有效的電子郵件地址") from None
    return email


def clean_profile(profile: Any) -> dict[str, Any]:
    """The profile's entered facts (the profile vocabulary, checked); AlertError naming the field."""
    from fudao.rules.profile import ProfileError, parse_profile

    try:
        parsed = parse_profile(profile)
    except ProfileError as exc:
        raise AlertError(f"企業資料 profile：{exc}") from None
    return parsed.model_dump(mode="json", exclude_none=True)


def subscribe(*, email: Any, profile: Any, consent: Any, site_url: str,
              by: Actor | None = None, enterprise_id: int | None = None) -> Subscription:
    """Save a pending subscription and queue its confirmation e-mail (nothing else is sent until
    it is confirmed). `consent` must be true; `by` is the consultant who recorded it (None: the
    visitor themself). AlertError for a bad address, profile or a missing consent."""
    address = clean_email(email)
    facts = clean_profile(profile)
    if consent is not True:
        raise AlertError("須勾選同意 consent（同意以電子郵件通知新符合的措施）才能訂閱")
    now = timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.create(
            email=address, profile=facts, purpose=PURPOSE, consent_at=now,
            consent_by_id=by.user_id if by else None,
            consent_by_name=by.label if by else "本人", enterprise_id=enterprise_id)
        _queue_confirmation(subscription.pk, site_url)
    return subscription


def subscribe_enterprise(*, ubn: str, email: Any, by: Actor, site_url: str) -> Subscription:
    """A consultant subscribes an enterprise on record (its facts, consent recorded with who and
    when); AlertError when the enterprise is unknown or is not one they may see."""
    from fudao.cases.policy import can_see_enterprise
    from fudao.enterprises.selectors import by_ubn, profile_of

    enterprise = by_ubn(ubn.strip()) if isinstance(ubn, str) else None
    if enterprise is None or not can_see_enterprise(by, enterprise):
        raise AlertError(f"找不到統一編號 {ubn} 的企業（或您無權查看這家企業）")
    return subscribe(email=email, profile=profile_of(enterprise), consent=True, site_url=site_url,
                     by=by, enterprise_id=enterprise.pk)


def _queue_confirmation(subscription_id: int, site_url: str) -> None:
    transaction.on_commit(lambda: send_confirmation_mail.enqueue(subscription_id, site_url))


def confirm(*, token: str) -> Subscription:
    """Confirm a subscription from its e-mailed link (twice is harmless); LinkError otherwise."""
    with transaction.atomic():
        subscription = read_token(token, "confirm")
        if subscription.unsubscribed_at:
            raise LinkError("這筆訂閱已取消，無法再確認；如需通知請重新訂閱。")
        if subscription.confirmed_at is None:
            from fudao.alerts.running import baseline

            subscription.confirmed_at = timezone.now()
            subscription.last_state = baseline(subscription)  # what the check already showed
            subscription.save(update_fields=["confirmed_at", "last_state"])
    return subscription


def unsubscribe(*, token: str) -> Subscription:
    """Stop every further e-mail of a subscription (one click; twice is harmless)."""
    with transaction.atomic():
        subscription = read_token(token, "unsubscribe")
        if subscription.unsubscribed_at is None:
            subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def delete_mine(*, token: str) -> None:
    """Delete everything kept about a subscription (from the link in its e-mails)."""
    with transaction.atomic():
        read_token(token, "mine").delete()


def sweep_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Delete the subscriptions left unconfirmed for 7 days; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=CONFIRM_DAYS)
    _, per_model = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return per_model.get(Subscription._meta.label, 0)


def mark_seen(*, by: Actor, at: dt.datetime | None = None) -> dt.datetime:
    """Record that `by` has looked at their 「新符合措施」 list (now, or `at`): it shows the fits
    that start after this; one transaction with its history row. AlertError for an actor
    without an account."""
    from fudao.alerts.models import DeskLook
    from fudao.audit.services import record as record_audit

    if not by.user_id:
        raise AlertError("須以服務台帳號登入才能記錄查看時間")
    seen = at or timezone.now()
    with transaction.atomic():
        DeskLook.objects.update_or_create(user_id=by.user_id, defaults={"seen_at": seen})
        record_audit(action="new_fits_seen", actor=by.label, detail={"seen_at": seen.isoformat()})
    return seen
