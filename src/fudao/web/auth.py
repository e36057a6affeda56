"""Who is asking: the signed-in session user, or the user of an `Authorization: Bearer` token."""

from __future__ import annotations

from django.http import HttpRequest

from fudao.accounts.actors import Actor, actor_for_user


def bearer_token(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def request_actor(request: HttpRequest) -> Actor:
    """The actor behind a request (a bad token counts as anonymous)."""
    token = bearer_token(request)
    if token:
        from fudao.accounts.services import user_for_token

        return actor_for_user(user_for_token(token))
    return actor_for_user(getattr(request, "user", None))
