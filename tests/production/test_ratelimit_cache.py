"""Per-client rate limits (shared by processes) and the page cache keyed by the normalised query."""

from __future__ import annotations

import multiprocessing
import re

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def limited(monkeypatch, tmp_path):
    from fudao.web import ratelimit

    monkeypatch.setenv("FUDAO_RATE_LIMIT", "3")
    monkeypatch.setenv("FUDAO_LOGIN_RATE_LIMIT", "2")
    monkeypatch.setattr(ratelimit, "_counters", ratelimit.Counters(tmp_path / "rate.sqlite3"))
    return 3


def test_api_search_over_the_limit_gets_429_in_json(client, db, limited):
    statuses = [client.get("/api/search", {"q": f"補助{i}"}).status_code for i in range(limited + 2)]
    assert statuses == [200] * limited + [429, 429]
    response = client.get("/api/ask", {"q": "補助"})  # ask and match share the budget
    assert response.status_code == 429
    assert CJK.search(response.json()["error"]) and int(response["Retry-After"]) >= 1
    other = client.get("/api/search", {"q": "補助"}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200  # per client


def test_search_page_over_the_limit_gets_the_zh_page(client, db, limited):
    for i in range(limited):
        client.get("/search", {"q": f"x{i}"})
    response = client.get("/search", {"q": "x"})
    assert response.status_code == 429
    assert "請求過於頻繁" in response.content.decode()
    assert client.get("/measures/").status_code == 200  # cheap pages are not limited


def test_login_posts_are_limited(client, db, limited):
    statuses = [client.post("/admin/login/", {"username": f"u{i}", "password": "p"}).status_code
                for i in range(3)]
    assert statuses[-1] == 429 and 429 not in statuses[:2]
    assert client.get("/admin/login/").status_code == 200  # the form itself stays reachable


def _hammer(path: str, n: int) -> None:
    from fudao.web.ratelimit import Counters

    counters = Counters(__import__("pathlib").Path(path))
    for _ in range(n):
        counters.hit("shared|192.0.2.1", now=1_000_000.0)


def test_counters_are_exact_across_processes(tmp_path):
    from fudao.web.ratelimit import Counters

    path = str(tmp_path / "rate.sqlite3")
    Counters(tmp_path / "rate.sqlite3").hit("warm", now=0)
    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=_hammer, args=(path, 150)) for _ in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    count, _ = Counters(tmp_path / "rate.sqlite3").hit("shared|192.0.2.1", now=1_000_000.0)
    assert count == 4 * 150 + 1  # no increment lost between processes
    fresh, _ = Counters(tmp_path / "rate.sqlite3").hit("shared|192.0.2.1", now=1_000_060.0)
    assert fresh == 1  # a new window starts from one


def test_unknown_parameters_do_not_bypass_the_page_cache(client, corpus_db):
    from fudao.web import cache

    first = client.get("/search", {"q": "中小企業研發補助"})
    for junk in range(5):
        again = client.get("/search", {"q": "中小企業研發補助", f"utm{junk}": str(junk)})
        assert again.content == first.content
    client.get("/measures/", {"instrument": "loan", "zzz": "1"})
    client.get("/measures/", {"zzz": "2", "instrument": "loan"})
    assert len(cache._pages) == 2


def test_the_page_cache_is_bounded_in_bytes(client, corpus_db, monkeypatch):
    from fudao.web import cache

    monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", 100_000)
    for i in range(30):
        client.get("/search", {"q": f"補助{i}"})
    assert sum(len(v[3]) for v in cache._pages.values()) <= 100_000
    assert cache._bytes == sum(len(v[3]) for v in cache._pages.values())
