"""Per-client rate limits on the expensive and the guessable routes, shared by every host.

Counters live in Django's cache framework (`fudao.sharedcache`): Redis when `FUDAO_CACHE_URL`
is set, so every host behind the proxy counts into the same budget; otherwise a disk cache in
the data folder (diskcache, SQLite), shared by one host's worker processes only. One atomic
increment per request counts the client's requests in the rule's current fixed window. Over the
limit: 429 with a zh-TW message and Retry-After. Per client address (0 turns a limit off):

- `FUDAO_RATE_LIMIT`: search, ask and match requests a minute (default 60);
- `FUDAO_LOGIN_RATE_LIMIT`: sign-in posts a minute (default 20);
- `FUDAO_STATUS_RATE_LIMIT`: public case-status lookups (`POST /status/`) an hour (default 30):
  a case number and the last 4 digits of a phone are 10,000 guesses, so a tight hourly budget;
- `FUDAO_INQUIRY_RATE_LIMIT`: public inquiry posts (`POST /inquiry/`, each opens a case) an hour
  (default 20);
- `FUDAO_REGISTRATION_RATE_LIMIT`: public event registrations and consultation-slot bookings
  (the event page's forms and their API routes) an hour (default 30);
- `FUDAO_ALERT_RATE_LIMIT`: alert subscriptions (the check's form and `POST
  /api/alerts/subscriptions`, each sends a confirmation e-mail) an hour (default 10).

If the cache fails, requests are let through (and the failure logged).
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from fudao.web.limits import close_after

log = logging.getLogger("fudao.web")
Handler = Callable[[HttpRequest], HttpResponse]
WINDOW_SECONDS = 60  # a rule's window unless it says otherwise
HOUR = 3600
KEY_PREFIX = "rl"


@dataclass(frozen=True)
class Rule:
    """A group of routes sharing one budget per client."""

    group: str
    paths: tuple[str, ...]
    methods: tuple[str, ...]
    env: str
    default: int
    window: int = WINDOW_SECONDS  # seconds
    patterns: tuple[re.Pattern[str], ...] = ()  # routes with a part that varies (an event id)

    @property
    def per(self) -> str:
        """The window in words (zh-TW)."""
        return {WINDOW_SECONDS: "每分鐘", HOUR: "每小時"}.get(self.window, f"每 {self.window} 秒")


RULES = (
    Rule("search", ("/search", "/api/search", "/api/ask", "/api/match"), ("GET", "POST"),
         "FUDAO_RATE_LIMIT", 60),
    Rule("login", ("/admin/login/", "/accounts/login/"), ("POST",), "FUDAO_LOGIN_RATE_LIMIT", 20),
    Rule("status", ("/status/",), ("POST",), "FUDAO_STATUS_RATE_LIMIT", 30, window=HOUR),
    Rule("inquiry", ("/inquiry/",), ("POST",), "FUDAO_INQUIRY_RATE_LIMIT", 20, window=HOUR),
    Rule("alerts", ("/api/alerts/subscriptions", "/alerts/subscribe"), ("POST",),
         "FUDAO_ALERT_RATE_LIMIT", 10, window=HOUR),
    Rule("registration", (), ("POST",), "FUDAO_REGISTRATION_RATE_LIMIT", 30, window=HOUR, patterns=(
        re.compile(r"/events/[^/]+/(?:book/)?"),
        re.compile(r"/api/events/[^/]+/(?:registrations|slots/[^/]+/bookings)/?"),
    )),
)


def limit_of(rule: Rule) -> int:
    """Requests per window allowed for a rule (0: unlimited)."""
    try:
        return max(0, int(os.environ.get(rule.env, rule.default)))
    except ValueError:
        return rule.default


def rule_for(request: HttpRequest) -> Rule | None:
    """The rule covering this request, if any."""
    path = request.path
    for rule in RULES:
        if request.method not in rule.methods:
            continue
        if any(path == p or path == p + "/" for p in rule.paths) or any(p.fullmatch(path) for p in rule.patterns):
            return rule
    return None


def hit(key: str, *, window: int = WINDOW_SECONDS, now: float | None = None) -> tuple[int, int]:
    """Count one request for `key` in fixed windows of `window` seconds, in the shared cache;
    (requests in the current window, seconds left in it)."""
    from fudao.sharedcache import counter_cache

    now = time.time() if now is None else now
    start = int(now // window) * window
    name = f"{KEY_PREFIX}:{key}:{window}:{start}"
    store = counter_cache()
    try:
        count = store.incr(name)  # the window's counter exists: the usual case
    except ValueError:  # the first request of the window (or of this client) opens it
        count = 1 if store.add(name, 1, timeout=window + 5) else store.incr(name)
    return int(count), int(start + window - now) + 1


def wait_text(seconds: int) -> str:
    """How long to wait, in zh-TW: seconds under two minutes, else whole minutes."""
    return f"{seconds} 秒" if seconds < 120 else f"{-(-seconds // 60)} 分鐘"


def rate_limit(get_response: Handler) -> Handler:
    """Middleware: 429 (zh-TW, JSON under /api) once a client exceeds its budget on a rule."""

    def middleware(request: HttpRequest) -> HttpResponse:
        rule = rule_for(request)
        limit = limit_of(rule) if rule else 0
        if rule is None or limit == 0:
            return get_response(request)
        from fudao.audit.services import client_ip

        try:
            count, retry_after = hit(f"{rule.group}|{client_ip(request) or '-'}", window=rule.window)
        except Exception as exc:  # the cache is down: serve rather than refuse everyone
            log.warning("rate limit cache unavailable: %s", exc)
            return get_response(request)
        if count > limit:
            from fudao.web.middleware import error_page

            response = error_page(request, 429, f"請求過於頻繁（{rule.per}上限 {limit} 次），請於 {wait_text(retry_after)}後再試")
            response["Retry-After"] = str(retry_after)
            close_after(request)  # its body, if any, is not read
            return response
        return get_response(request)

    return middleware
