"""The signed, expiring links of a subscription (django.core.signing): each names the
subscription and what the link does (confirm, unsubscribe, see and delete)."""

from __future__ import annotations

import datetime as dt

from django.core import signing

from fudao.alerts.models import Subscription
from fudao.errors import Invalid

CONFIRM_DAYS = 7  # an unconfirmed subscription (and its confirmation link) lasts this long
LINK_DAYS = 400  # the unsubscribe and see-and-delete links of each e-mail
SALT = "fudao.alerts.link"


class LinkError(Invalid):
    """A link that was tampered with, has expired, or whose subscription is gone (zh-TW)."""


def make_token(subscription_id: int, kind: str) -> str:
    """A signed token for one subscription and one kind of link (confirm, unsubscribe, mine)."""
    return signing.dumps({"s": subscription_id, "k": kind}, salt=SALT, compress=False)


def read_token(token: str, kind: str) -> Subscription:
    """The subscription of a valid, unexpired token of this kind; LinkError otherwise."""
    days = CONFIRM_DAYS if kind == "confirm" else LINK_DAYS
    try:
        data = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=days))
    except signing.SignatureExpired:
        raise LinkError("此連結已過期。確認連結的有效期限為 7 天，請重新訂閱。") from None
    except signing.BadSignature:
        raise LinkError("此連結無效（可能複製不完整或遭修改），請使用電子郵件中的完整連結。") from None
    if not isinstance(data, dict) or data.get("k") != kind or not isinstance(data.get("s"), int):
        raise LinkError("此連結無效（可能複製不完整或遭修改），請使用電子郵件中的完整連結。")
    subscription = Subscription.objects.filter(pk=data["s"]).first()
    if subscription is None:
        raise LinkError("找不到這筆訂閱：資料可能已刪除，或未在 7 天內確認而已自動刪除。")
    return subscription
