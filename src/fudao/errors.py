"""The one family of application errors. Every app's errors subclass one of four kinds, so an
adapter never asks the policy again to choose its answer: the API's one exception handler,
the pages' middleware and the CLI's entry point map the kind to 400/403/404/409 (exit 2).

The message is zh-TW and the user's to read; `field` is the field's key where there is one
(for forms and JSON to point at) and never shown as the message itself."""

from __future__ import annotations


class FudaoError(Exception):
    """An application error: a zh-TW message, the HTTP status of its kind, the field if any."""

    status = 400

    def __init__(self, message: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Invalid(FudaoError, ValueError):
    """A value that is wrong: missing, malformed, out of range (400)."""

    status = 400


class Denied(FudaoError, PermissionError):
    """A refusal by the policy: this user may not do this (403), with the reason."""

    status = 403


class NotFound(FudaoError, LookupError):
    """A record that does not exist or that the user may not see — the same answer (404)."""

    status = 404


class Conflict(FudaoError, ValueError):
    """A request at odds with the record's state: full, already done, changed meanwhile (409)."""

    status = 409
