"""The private cancel tokens of registrations: stored only as a digest; sealed with Fernet
(cryptography; AES with an HMAC, under a key derived from the site's secret key) while a
queued confirmation e-mail carries one to the worker."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.utils.crypto import salted_hmac

SEAL_SALT = "fudao.events.notify.cancel-token"


def token_digest(token: str) -> str:
    """The SHA-256 hex digest under which a cancel token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _fernet() -> Fernet:
    """The sealing key: 32 bytes derived from SECRET_KEY for this one purpose."""
    key = salted_hmac(SEAL_SALT, "fernet", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal_token(token: str) -> str:
    """The cancel token sealed for the task queue."""
    return _fernet().encrypt(token.encode("utf-8")).decode("ascii")


def open_token(sealed: str) -> str | None:
    """The token of `seal_token`'s output, or None when it cannot be opened."""
    try:
        return _fernet().decrypt(sealed.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        return None
