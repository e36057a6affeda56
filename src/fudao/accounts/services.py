"""Writes of people: teams, users with their role and team, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fudao.accounts.actors import Actor, actor_for_user
from fudao.accounts.models import ApiToken, Staff, Team
from fudao.accounts.roles import ROLE_LABELS, Role
from fudao.audit.services import record as record_audit
from fudao.errors import Invalid

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
USERNAME = re.compile(r"^[A-Za-z0-9_.@+-]{1,150}$")
TOKEN_PREFIX = "fdo_"
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 3650


class AccountError(Invalid):
    """A bad account request; the message (zh-TW) names what is wrong."""


def add_team(*, slug: str, name: str, counties: list[str] | None = None) -> Team:
    """Create a team, or rename an existing one with the same slug."""
    if not SLUG.match(slug):
        raise AccountError(f"團隊代碼「{slug}」須為小寫英數字、- 或 _（最多 40 字）")
    if not name.strip():
        raise AccountError("請提供團隊名稱")
    team, _ = Team.objects.update_or_create(
        slug=slug, defaults={"name": name.strip(), "counties": counties or []})
    return team


def parse_role(value: str) -> Role:
    """The role named by `value`, or AccountError listing the roles."""
    try:
        return Role(value)
    except ValueError:
        names = "、".join(f"{r.value}（{ROLE_LABELS[r]}）" for r in Role)
        raise AccountError(f"角色「{value}」不存在，可用：{names}") from None


def team_by_slug(slug: str | None) -> Team | None:
    """The team with this slug (None for no slug), or AccountError."""
    if not slug:
        return None
    team = Team.objects.filter(slug=slug).first()
    if team is None:
        raise AccountError(f"團隊「{slug}」不存在（請先以 fudao teams add 建立）")
    return team


def add_user(*, username: str, role: str, password: str, team: str | None = None,
             email: str = "", by: str = "local-admin") -> Actor:
    """Create a user with one role and at most one team; the password passes Django's
    validators. An `admin` is also a Django superuser, an `editor` may use the admin site."""
    if not USERNAME.match(username):
        raise AccountError(f"帳號「{username}」只能使用英數字與 _ . @ + -（最多 150 字）")
    the_role = parse_role(role)
    the_team = team_by_slug(team)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise AccountError(f"帳號「{username}」已存在")
    candidate = User(username=username, email=email)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise AccountError("密碼不符規定：" + "；".join(exc.messages)) from None
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, email=email, password=password,
            is_staff=the_role in (Role.ADMIN, Role.EDITOR), is_superuser=the_role == Role.ADMIN)
        Staff.objects.create(user=user, role=the_role, team=the_team)
        if the_role == Role.EDITOR:
            _grant_catalogue(user)
        record_audit(action="user_added", actor=by, detail={"username": username, "role": the_role.value,
                                  "team": team or None})
    return actor_for_user(User.objects.select_related("staff").get(pk=user.pk))


def set_role(*, username: str, role: str, team: str | None = None, by: str = "local-admin") -> Actor:
    """Change a user's role (and team), with an audit entry of the old and new values."""
    the_role = parse_role(role)
    the_team = team_by_slug(team)
    user = user_by_name(username)
    with transaction.atomic():
        staff, _ = Staff.objects.get_or_create(user=user, defaults={"role": the_role})
        old = {"role": staff.role, "team": staff.team.slug if staff.team else None}
        staff.role, staff.team = the_role, the_team
        staff.save()
        user.is_staff = the_role in (Role.ADMIN, Role.EDITOR)
        user.is_superuser = the_role == Role.ADMIN
        user.save(update_fields=["is_staff", "is_superuser"])
        if the_role == Role.EDITOR:
            _grant_catalogue(user)
        record_audit(action="role_changed", actor=by, detail={"username": username, "old": old,
                                    "new": {"role": the_role.value, "team": team or None}})
    return actor_for_user(user_by_name(username))


def _grant_catalogue(user: object) -> None:
    from django.contrib.auth.models import Permission

    perms = Permission.objects.filter(content_type__app_label__in=("catalogue", "rules"))
    user.user_permissions.add(*perms)  # type: ignore[attr-defined]


def user_by_name(username: str):  # type: ignore[no-untyped-def]
    """The user with this username, or AccountError."""
    User = get_user_model()
    user = User.objects.select_related("staff", "staff__team").filter(username=username).first()
    if user is None:
        raise AccountError(f"找不到帳號「{username}」")
    return user


def actor_by_name(username: str) -> Actor:
    """The actor for a username (for `--as USER`), or AccountError."""
    user = user_by_name(username)
    if not user.is_active:
        raise AccountError(f"帳號「{username}」已停用")
    return actor_for_user(user)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_days() -> int:
    """How many days a new API token lasts (FUDAO_TOKEN_DAYS, default 90)."""
    raw = os.environ.get("FUDAO_TOKEN_DAYS", "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_TOKEN_DAYS


def issue_token(*, username: str, by: str = "local-admin", days: int | None = None,
                keep: bool = False) -> str:
    """A new API token for the user, shown once; only its digest is kept. It lasts `days`
    (default `token_days()`), and it replaces the user's earlier tokens unless `keep`."""
    user = user_by_name(username)
    lifetime = token_days() if days is None else days
    if not 1 <= lifetime <= MAX_TOKEN_DAYS:
        raise AccountError(f"權杖有效天數須介於 1 到 {MAX_TOKEN_DAYS} 天之間（收到 {lifetime}）")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        replaced = 0 if keep else _live_tokens(user).update(revoked_at=now)
        ApiToken.objects.create(user=user, digest=_digest(token), prefix=token[:8],
                                expires_at=now + dt.timedelta(days=lifetime))
        record_audit(action="token_issued", actor=by,
                     detail={"username": username, "days": lifetime, "replaced": replaced})
    return token


def revoke_tokens(*, username: str, by: str = "local-admin") -> int:
    """Revoke every live API token of the user; how many were revoked."""
    user = user_by_name(username)
    with transaction.atomic():
        revoked = _live_tokens(user).update(revoked_at=timezone.now())
        record_audit(action="token_revoked", actor=by, detail={"username": username, "revoked": revoked})
    return revoked


def revoke_token_ids(*, ids: list[int], by: str) -> int:
    """Revoke the API tokens of these ids that are still live (the admin's action); how many."""
    with transaction.atomic():
        live = ApiToken.objects.filter(pk__in=ids, revoked_at__isnull=True)
        owners = sorted(set(live.values_list("user__username", flat=True)))
        revoked = live.update(revoked_at=timezone.now())
        record_audit(action="token_revoked", actor=by, detail={"usernames": owners, "revoked": revoked})
    return revoked


def _live_tokens(user):  # type: ignore[no-untyped-def]
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


@dataclass(frozen=True)
class TokenCheck:
    """What a presented API token is: its user when it may be used, else the zh-TW reason;
    `token_id` when the token is on record (expired or revoked included)."""

    user: Any
    token_id: int | None
    reason: str


def check_token(token: str) -> TokenCheck:
    """Look up an API token: its active, unexpired, unrevoked user (its last use recorded),
    or the reason it is refused."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return TokenCheck(None, None, "API 權杖無效或已停用")
    row = (ApiToken.objects.select_related("user", "user__staff").filter(digest=_digest(token))
           .first())
    if row is None:
        return TokenCheck(None, None, "API 權杖無效或已停用")
    now = timezone.now()
    if row.revoked_at is not None:
        return TokenCheck(None, row.pk, "API 權杖已撤銷，請向系統管理者申請新的權杖")
    if row.expires_at is not None and row.expires_at <= now:
        return TokenCheck(None, row.pk, "API 權杖已過期，請向系統管理者申請新的權杖")
    if not row.user.is_active:
        return TokenCheck(None, row.pk, "API 權杖的帳號已停用")
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return TokenCheck(row.user, row.pk, "")


def list_tokens(*, username: str) -> list[dict[str, Any]]:
    """The user's API tokens (never the token itself): prefix, created, expires, last use, state."""
    now = timezone.now()
    rows = ApiToken.objects.filter(user=user_by_name(username)).order_by("-created_at")
    return [{"prefix": row.prefix, "created_at": row.created_at.isoformat(),
             "expires_at": row.expires_at.isoformat() if row.expires_at else None,
             "last_used_at": row.last_used_at.isoformat() if row.last_used_at else None,
             "state": ("revoked" if row.revoked_at else
                       "expired" if row.expires_at and row.expires_at <= now else "active")}
            for row in rows]
