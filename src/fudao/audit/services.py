"""Audit and sign-in protection services: `record` an audit entry, the client's address, the
lock-out answer, and `check_token_attempt` for API token authentication."""

from __future__ import annotations

import ipaddress
import logging
import os
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from fudao.audit.models import AuditEntry

log = logging.getLogger("fudao.audit")

LOCKED_MESSAGE = "登入失敗次數過多，帳號已暫時鎖定，請於 {minutes} 分鐘後再試，或洽系統管理者。"
TOKEN_USERNAME = "(api-token)"


def trusted_proxies() -> int:
    """How many proxies in front set X-Forwarded-For (FUDAO_TRUSTED_PROXIES, default 0)."""
    raw = os.environ.get("FUDAO_TRUSTED_PROXIES", "").strip()
    return int(raw) if raw.isdigit() else 0


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's IP address: the socket's (REMOTE_ADDR), or with N trusted proxies
    (FUDAO_TRUSTED_PROXIES) the address N hops from the right of X-Forwarded-For — the one the
    outermost trusted proxy saw; what a client writes further left is never taken. None if it
    is not an IP address."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    hops = trusted_proxies()
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            address = forwarded[-min(hops, len(forwarded))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(*, action: str, actor: str | None, detail: dict[str, Any] | None = None,
           request: HttpRequest | None = None) -> AuditEntry:
    """Write one audit entry (in its own transaction): `action` (e.g. "login", "login_failed",
    "locked_out", "role_changed"), the acting username, a JSON detail, the client's IP."""
    with transaction.atomic():
        return AuditEntry.objects.create(action=action[:60], actor=(actor or "")[:150],
                                         detail=detail or {}, ip=client_ip(request))


def locked_message() -> str:
    """The zh-TW refusal of a locked-out client, with the minutes the lock-out lasts."""
    return LOCKED_MESSAGE.format(minutes=lockout_minutes())


def lockout_minutes() -> int:
    """How long a lock-out lasts, in minutes (AXES_COOLOFF_TIME)."""
    from django.conf import settings

    cool_off = settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def token_locked(request: HttpRequest, key: str | None = None) -> bool:
    """Whether API token use from this client address with this token key is locked out."""
    from axes.handlers.proxy import AxesProxyHandler

    return bool(AxesProxyHandler.is_locked(request, {"username": TOKEN_USERNAME + (key or "")}))


def check_token_attempt(request: HttpRequest, *, ok: bool, key: str | None = None) -> bool:
    """Count one use of an API token: a failure is recorded by django-axes (throttling this
    client address for this token `key` — a token on record has its own, unknown tokens share
    one — after AXES_FAILURE_LIMIT failures) and in the audit log. Returns whether the client
    may go on (False: answer 429 with `web.middleware.lockout_response`). Call it for every token check."""
    from django.contrib.auth.signals import user_login_failed

    if token_locked(request, key):
        return False
    if not ok:
        user_login_failed.send(sender="fudao.api.token", credentials={"username": TOKEN_USERNAME + (key or "")},
                               request=request)
        return not token_locked(request, key)
    return True
