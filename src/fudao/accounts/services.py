"""Writes of people: teams, users with their role and team, API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets

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


def issue_token(*, username: str, by: str = "local-admin") -> str:
    """A new API token for the user, shown once; only its digest is kept."""
    user = user_by_name(username)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.create(user=user, digest=_digest(token), prefix=token[:8])
        record_audit(action="token_issued", actor=by, detail={"username": username})
    return token


def user_for_token(token: str):  # type: ignore[no-untyped-def]
    """The active user whose API token this is, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = (ApiToken.objects.select_related("user", "user__staff").filter(digest=_digest(token))
           .first())
    if row is None or not row.user.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user
