"""Per-client rate limits on the expensive routes, shared by every worker process.

Counters live in a small SQLite file in the data folder (`ratelimit.sqlite3`, WAL, no fsync):
one atomic UPSERT per request counts the client's requests in the current window, so the
limit holds across gunicorn's worker processes. Over the limit: 429 with a zh-TW message and
Retry-After. `FUDAO_RATE_LIMIT` sets requests per minute per client for search/ask/match
(default 60; 0 turns limiting off), `FUDAO_LOGIN_RATE_LIMIT` for sign-in posts (default 20).
If the counter store fails, requests are let through (and the failure logged).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.http import HttpRequest, HttpResponse

log = logging.getLogger("fudao.web")
Handler = Callable[[HttpRequest], HttpResponse]
WINDOW_SECONDS = 60
PRUNE_EVERY = 2000


@dataclass(frozen=True)
class Rule:
    """A group of routes sharing one budget per client."""

    group: str
    paths: tuple[str, ...]
    methods: tuple[str, ...]
    env: str
    default: int


RULES = (
    Rule("search", ("/search", "/api/search", "/api/ask", "/api/match"), ("GET", "POST"),
         "FUDAO_RATE_LIMIT", 60),
    Rule("login", ("/admin/login/", "/accounts/login/"), ("POST",), "FUDAO_LOGIN_RATE_LIMIT", 20),
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
        if request.method in rule.methods and any(path == p or path == p + "/" for p in rule.paths):
            return rule
    return None


class Counters:
    """Fixed-window request counters in a SQLite file shared by processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._ops = 0

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=2, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, win INTEGER NOT NULL, "
                         "n INTEGER NOT NULL)")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def hit(self, key: str, now: float | None = None) -> tuple[int, int]:
        """Count one request for `key`; (requests in the current window, seconds left in it)."""
        now = time.time() if now is None else now
        window = int(now // WINDOW_SECONDS)
        conn = self._connection()
        row = conn.execute(
            "INSERT INTO hits (key, win, n) VALUES (?, ?, 1) ON CONFLICT(key) DO UPDATE SET "
            "n = CASE WHEN win = excluded.win THEN n + 1 ELSE 1 END, win = excluded.win RETURNING n",
            (key, window)).fetchone()
        self._ops += 1
        if self._ops % PRUNE_EVERY == 0:
            conn.execute("DELETE FROM hits WHERE win < ?", (window - 1,))
        return int(row[0]), int((window + 1) * WINDOW_SECONDS - now) + 1


_counters: Counters | None = None


def counters() -> Counters:
    """The process's counter store (in the data folder)."""
    global _counters
    if _counters is None:
        from fudao.store import data_dir

        _counters = Counters(data_dir() / "ratelimit.sqlite3")
    return _counters


def rate_limit(get_response: Handler) -> Handler:
    """Middleware: 429 (zh-TW, JSON under /api) once a client exceeds its budget on a rule."""

    def middleware(request: HttpRequest) -> HttpResponse:
        rule = rule_for(request)
        limit = limit_of(rule) if rule else 0
        if rule is None or limit == 0:
            return get_response(request)
        from fudao.audit.services import client_ip

        try:
            count, retry_after = counters().hit(f"{rule.group}|{client_ip(request) or '-'}")
        except sqlite3.Error as exc:
            log.warning("rate limit store unavailable: %s", exc)
            return get_response(request)
        if count > limit:
            from fudao.web.middleware import error_page

            response = error_page(request, 429, f"請求過於頻繁（每分鐘上限 {limit} 次），請於 {retry_after} 秒後再試")
            response["Retry-After"] = str(retry_after)
            return response
        return get_response(request)

    return middleware
