"""Who is acting: a signed-in user, an API token's user, the local administrator of the CLI,
or an anonymous visitor. The policy (`fudao.cases.policy`) decides on an `Actor`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fudao.accounts.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

LOCAL_ADMIN = "local-admin"


@dataclass(frozen=True)
class Actor:
    """The acting person: their role, team and user row (None for the local administrator
    and for anonymous visitors)."""

    username: str
    role: Role | None
    team_id: int | None = None
    user_id: int | None = None

    @property
    def anonymous(self) -> bool:
        """Whether nobody is signed in."""
        return self.role is None

    @property
    def label(self) -> str:
        """How the actor is named in a case's history."""
        return "本機管理者" if self.username == LOCAL_ADMIN else self.username


ANONYMOUS = Actor(username="", role=None)
LOCAL = Actor(username=LOCAL_ADMIN, role=Role.ADMIN)


def actor_for_user(user: AbstractBaseUser | Any | None) -> Actor:
    """The actor of a Django user (anonymous when not signed in or without a role)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    staff = getattr(user, "staff", None)
    if staff is None:
        role = Role.ADMIN if getattr(user, "is_superuser", False) else None
        return Actor(username=user.get_username(), role=role, user_id=user.pk)
    return Actor(username=user.get_username(), role=Role(staff.role), team_id=staff.team_id,
                 user_id=user.pk)
