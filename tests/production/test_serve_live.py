"""A live `fudao serve` (gunicorn workers): body cap, rate limits across workers, the access log,
and idle or slow connections that do not lock others out."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from livesite import start_site, stop_site

pytestmark = pytest.mark.slow


def _get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _raw(port: int, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
    """Send a raw request (headers, then part of a body at most) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head + body)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            if _answer_complete(data):
                break
    status = int(data.split(b" ", 2)[1])
    return status, data.partition(b"\r\n\r\n")[2]


def _answer_complete(data: bytes) -> bool:
    """Whether a keep-alive answer has all its body: its declared length, or the last chunk."""
    header, blank, rest = data.partition(b"\r\n\r\n")
    if not blank:
        return False
    length = re.search(rb"(?im)^content-length:\s*(\d+)", header)
    if length:
        return len(rest) >= int(length.group(1))
    return rest.endswith(b"0\r\n\r\n")


@pytest.mark.parametrize("size", [3 * 1024 * 1024, 100 * 1024 * 1024])
def test_huge_bodies_get_413_not_500(live_site, size):
    head = (f"POST /api/match HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\n\r\n").encode()
    status, body = _raw(live_site.port, head, b"{" + b" " * 65536)
    assert status == 413
    assert '{"error": "請求內容過大' in body.decode(errors="replace")


def test_3mb_form_post_gets_the_413_page(live_site):
    # The declared length decides: the page answers after the first 64 KB, not after 3 MB.
    head = (f"POST /check/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {3 * 1024 * 1024}\r\n\r\n").encode()
    status, body = _raw(live_site.port, head, b"a=" + b"x" * 65536)
    assert status == 413
    assert "請求內容過大" in body.decode(errors="replace")


def test_an_early_413_closes_the_keep_alive_connection(live_site):
    """The answer comes before the body; the server then closes the connection instead of
    waiting on keep-alive for the 3 MB it will never read (the client would hang)."""
    head = (f"POST /api/match HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {3 * 1024 * 1024}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", live_site.port), timeout=10) as sock:
        sock.sendall(head + b"{" + b" " * 65536)
        data = b""
        while not _answer_complete(data):
            chunk = sock.recv(65536)
            assert chunk, data
            data += chunk
        assert data.split(b" ", 2)[1] == b"413"
        sock.settimeout(3)
        started = time.monotonic()
        # closed by the server (a reset: the unread body was still in its buffer), not left open
        with contextlib.suppress(ConnectionResetError):
            assert sock.recv(65536) == b""
        assert time.monotonic() - started < 3


def test_access_log_has_no_query_strings(live_site):
    secret = "0912345678"
    status, _ = _get(live_site.base + "/search?q=" + urllib.parse.quote(f"聯絡電話 {secret}"))
    assert status == 200
    time.sleep(0.5)
    log = live_site.access_log.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in log.splitlines()]  # one JSON object per request
    search = [line for line in lines if line["route"] == "search"]
    assert search and search[-1]["status"] == 200 and search[-1]["method"] == "GET"
    assert {"time", "host", "duration_ms", "user"} <= set(search[-1]) and search[-1]["user"] is None
    assert secret not in log and "q=" not in log


def test_rate_limit_holds_across_worker_processes(site_store, corpus_dir, live_site):
    site = start_site(site_store, corpus_dir, workers=3, threads=2, FUDAO_RATE_LIMIT="10")
    try:
        from fudao.web.ratelimit import WINDOW_SECONDS

        # The counters are per fixed window: start early in one, so the 30 requests stay in it.
        while time.time() % WINDOW_SECONDS > WINDOW_SECONDS / 2:
            time.sleep(0.5)
        statuses = []
        for i in range(30):  # a new connection each time: gunicorn spreads them over the workers
            status, body = _get(site.base + "/api/search?" + urllib.parse.urlencode({"q": f"補助 {i}"}))
            statuses.append(status)
            if status == 429:
                assert "頻繁" in json.loads(body)["error"]
        assert statuses.count(200) == 10 and statuses.count(429) == 20
        status, body = _get(site.base + "/search?q=%E8%A3%9C%E5%8A%A9")
        assert status == 429 and "請求過於頻繁" in body.decode()
    finally:
        stop_site(site)


def test_idle_and_slow_connections_do_not_lock_others_out(live_site):
    """100 open connections that send nothing (140 idle ones locked everyone out before), and
    a few that stall in mid-request (each holds a thread: fewer than the workers' threads)."""
    idle = []
    try:
        for i in range(100):
            sock = socket.create_connection(("127.0.0.1", live_site.port), timeout=5)
            if i < 3:
                sock.sendall(b"GET /search?q=")
            idle.append(sock)
        time.sleep(0.5)
        for i in range(10):
            started = time.monotonic()
            status, _ = _get(live_site.base + "/search?q=" + urllib.parse.quote(f"研發補助 {i}"), timeout=10)
            assert status == 200
            assert time.monotonic() - started < 5
    finally:
        for sock in idle:
            sock.close()
