"""Who is asking: the signed-in session user, or the user of an `Authorization: Bearer` token
(every token check counted by the lock-out of `fudao.audit`)."""

from __future__ import annotations

from django.http import HttpRequest

from fudao.accounts.actors import Actor, actor_for_user

BEARER = "Bearer"
SIGN_IN = "請先登入，或以 Authorization: Bearer <API 權杖> 呼叫"


class AuthFailure(Exception):
    """A token that is malformed, unknown or locked out: the status and zh-TW message to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def bearer_token(request: HttpRequest) -> str | None:
    """The token of the Authorization header; AuthFailure when the header is not `Bearer <token>`."""
    header = request.headers.get("Authorization", "").strip()
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != BEARER.lower() or not token.strip():
        raise AuthFailure(401, "Authorization 標頭格式須為「Bearer <API 權杖>」")
    return token.strip()


def request_actor(request: HttpRequest) -> Actor:
    """The actor behind a request: the token's user, else the session's (anonymous when
    neither); AuthFailure for a bad token (401) or a client locked out after failures (429)."""
    from fudao.audit.services import check_token_attempt

    token = bearer_token(request)
    if token is None:
        return actor_for_user(getattr(request, "user", None))
    from fudao.accounts.services import check_token

    found = check_token(token)
    user = found.user
    # Failures are counted per token and address: a token on record has its own count, so the
    # failures of others behind the same proxy address do not lock a good token out.
    key = f"#{found.token_id}" if found.token_id is not None else None
    if not check_token_attempt(request, ok=user is not None, key=key):
        raise AuthFailure(429, "API 權杖錯誤次數過多，請稍後再試")
    if user is None:
        raise AuthFailure(401, found.reason)
    request.token_user_id = user.pk  # type: ignore[attr-defined]  # for the access log
    return actor_for_user(user)


def signed_in_actor(request: HttpRequest) -> Actor:
    """The signed-in actor of an API request (token first, then session), or ninja's HttpError
    with the status to answer: a bad or locked-out token's, else 401 for nobody signed in."""
    from ninja.errors import HttpError

    try:
        actor = request_actor(request)
    except AuthFailure as exc:
        raise HttpError(exc.status, str(exc)) from None
    if actor.anonymous and actor.user_id is None:
        raise HttpError(401, SIGN_IN)
    return actor
