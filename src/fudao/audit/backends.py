"""django-axes' lock-out check as the first authentication backend."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """AxesStandaloneBackend (refuses locked-out clients), but a call without a request (a
    local CLI command, not a sign-in over the web) passes on to the next backend instead of
    raising."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)  # type: ignore[arg-type]
