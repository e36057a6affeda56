"""Audit entries for sign-in events (Django's auth signals and django-axes' lock-out signal).

Receivers only call `services.record`; nothing else happens in them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from fudao.audit.services import record

    record(action="login", actor=user.get_username(), request=request)


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from fudao.audit.services import record

    record(action="logout", actor=user.get_username() if user else "", request=request)


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    from fudao.audit.services import record

    name = str(credentials.get("username") or "")  # Django already masks passwords; keep only the name
    record(action="login_failed", actor=name, detail={"via": str(sender)[:100]}, request=request)


def _locked_out(sender: Any, request: Any = None, username: Any = None, ip_address: Any = None,
                **kwargs: Any) -> None:
    from fudao.audit.services import record

    record(action="locked_out", actor=str(username or ""), request=request)


def connect() -> None:
    """Connect the receivers (called once from AppConfig.ready)."""
    from axes.signals import user_locked_out

    user_logged_in.connect(_logged_in, dispatch_uid="fudao.audit.login")
    user_logged_out.connect(_logged_out, dispatch_uid="fudao.audit.logout")
    user_login_failed.connect(_login_failed, dispatch_uid="fudao.audit.login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="fudao.audit.locked_out")
