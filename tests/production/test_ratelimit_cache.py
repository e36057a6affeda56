"""Per-client rate limits (shared by processes) and the page cache keyed by the normalised query."""

from __future__ import annotations

import multiprocessing
import re

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def limited(monkeypatch):
    from fudao.sharedcache import counter_cache

    monkeypatch.setenv("FUDAO_RATE_LIMIT", "3")
    monkeypatch.setenv("FUDAO_LOGIN_RATE_LIMIT", "2")
    counter_cache().clear()
    yield 3
    counter_cache().clear()


def test_api_search_over_the_limit_gets_429_in_json(client, db, limited):
    statuses = [client.get("/api/search", {"q": f"補助{i}"}).status_code for i in range(limited + 2)]
    assert statuses == [200] * limited + [429, 429]
    response = client.get("/api/ask", {"q": "補助"})  # ask and match share the budget
    assert response.status_code == 429
    assert CJK.search(response.json()["error"]) and int(response["Retry-After"]) >= 1
    from fudao.web.limits import CLOSE_CONNECTION

    assert response.wsgi_request.META.get(CLOSE_CONNECTION) is True  # fudao serve closes after it
    assert CLOSE_CONNECTION not in client.get("/measures/").wsgi_request.META  # an answer kept alive
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


INQUIRY = {"name": "王小明", "org": "好公司", "phone": "02-2345-3333", "email": "w@example.com",
           "question": "想申請研發補助", "consent": "on"}


def test_public_status_lookups_are_limited_per_hour(client, db, limited, monkeypatch):
    """Case number + the last 4 digits of a phone is 10,000 guesses: a tight hourly budget per
    address, the form itself and other addresses unaffected."""
    monkeypatch.setenv("FUDAO_STATUS_RATE_LIMIT", "3")
    statuses = [client.post("/status/", {"case_no": "115-999999", "last4": f"{i:04d}"}).status_code
                for i in range(5)]
    assert statuses == [404, 404, 404, 429, 429]
    refused = client.post("/status/", {"case_no": "115-999999", "last4": "0005"})
    body = refused.content.decode()
    assert refused.status_code == 429 and "請求過於頻繁（每小時上限 3 次）" in body
    assert re.search(r"請於 \d+ (秒|分鐘)後再試", body)
    assert 1 <= int(refused["Retry-After"]) <= 3601
    assert client.get("/status/").status_code == 200  # the form stays reachable
    assert client.post("/status/", {"case_no": "115-999999", "last4": "0006"},
                       REMOTE_ADDR="10.1.2.3").status_code == 404  # per client
    assert client.get("/api/search", {"q": "補助"}).status_code == 200  # a budget of its own


def test_public_inquiries_are_limited_and_nothing_is_opened_over_the_limit(client, db, limited, monkeypatch):
    from fudao.cases.models import Case

    monkeypatch.setenv("FUDAO_INQUIRY_RATE_LIMIT", "2")
    assert client.post("/inquiry/", INQUIRY).status_code == 302  # opened: on to the case number
    assert client.post("/inquiry/", {}).status_code == 400  # a bad form counts too
    refused = client.post("/inquiry/", INQUIRY)
    assert refused.status_code == 429 and "每小時上限 2 次" in refused.content.decode()
    assert Case.objects.count() == 1
    assert client.get("/inquiry/").status_code == 200


def test_public_form_limits_are_on_by_default(monkeypatch):
    from django.test import RequestFactory

    from fudao.web.ratelimit import HOUR, limit_of, rule_for

    for path, env, default in (("/status/", "FUDAO_STATUS_RATE_LIMIT", 30),
                               ("/inquiry/", "FUDAO_INQUIRY_RATE_LIMIT", 20),
                               ("/events/e-1/", "FUDAO_REGISTRATION_RATE_LIMIT", 30),
                               ("/events/e-1/book/", "FUDAO_REGISTRATION_RATE_LIMIT", 30),
                               ("/api/events/e-1/registrations", "FUDAO_REGISTRATION_RATE_LIMIT", 30),
                               ("/api/events/e-1/slots/3/bookings", "FUDAO_REGISTRATION_RATE_LIMIT", 30)):
        monkeypatch.delenv(env, raising=False)
        rule = rule_for(RequestFactory().post(path))
        assert rule is not None and rule.env == env and rule.window == HOUR
        assert limit_of(rule) == default
        assert rule_for(RequestFactory().get(path)) is None  # reading the form is not limited
    assert rule_for(RequestFactory().post("/events/e-1/cancel/x/")) is None


def test_event_registrations_are_limited_per_hour(client, db, limited, monkeypatch):
    monkeypatch.setenv("FUDAO_REGISTRATION_RATE_LIMIT", "2")
    statuses = [client.post("/api/events/no-such-event/registrations", data="{}",
                            content_type="application/json").status_code for _ in range(3)]
    assert statuses == [400, 400, 429]  # a bad body counts too
    refused = client.post("/events/no-such-event/", {"name": "王小明"})
    assert refused.status_code == 429 and "每小時上限 2 次" in refused.content.decode()


def test_an_hourly_window_counts_across_minutes():
    from fudao.sharedcache import counter_cache
    from fudao.web.ratelimit import HOUR, hit

    counter_cache().clear()
    assert hit("status|192.0.2.1", now=7200.0, window=HOUR) == (1, 3601)
    assert hit("status|192.0.2.1", now=7200.0 + 1800, window=HOUR) == (2, 1801)
    assert hit("status|192.0.2.1", now=7200.0 + HOUR, window=HOUR)[0] == 1  # the next hour
    assert hit("status|192.0.2.2", now=7200.0 + 1800, window=HOUR)[0] == 1  # another client


def _hammer(n: int) -> None:
    import django

    django.setup()
    from fudao.web.ratelimit import hit

    for _ in range(n):
        hit("shared|192.0.2.1", now=1_000_000.0)


def test_counters_are_exact_across_processes():
    """One host without Redis: the disk cache in the data folder counts every worker's hits."""
    from fudao.sharedcache import counter_cache
    from fudao.web.ratelimit import hit

    counter_cache().clear()
    assert not __import__("fudao.sharedcache").sharedcache.shared()
    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=_hammer, args=(150,)) for _ in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    count, _ = hit("shared|192.0.2.1", now=1_000_000.0)
    assert count == 4 * 150 + 1  # no increment lost between processes
    fresh, _ = hit("shared|192.0.2.1", now=1_000_060.0)
    assert fresh == 1  # a new window starts from one


def test_a_shared_cache_is_redis_and_needs_the_secret_key(monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from fudao.sharedcache import cache_settings

    monkeypatch.delenv("FUDAO_SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="FUDAO_SECRET_KEY"):
        cache_settings("redis://127.0.0.1:6379/5", tmp_path)
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        cache_settings("memcached://127.0.0.1", tmp_path)
    monkeypatch.setenv("FUDAO_SECRET_KEY", "k" * 50)
    redis = cache_settings("redis://127.0.0.1:6379/5", tmp_path)["default"]
    assert redis["BACKEND"].endswith("RedisCache") and redis["LOCATION"].endswith("/5")
    local = cache_settings("", tmp_path)["default"]
    assert local["BACKEND"] == "diskcache.DjangoCache" and local["LOCATION"] == str(tmp_path / "cache")


def test_serve_refuses_to_start_with_a_shared_cache_and_no_secret_key(tmp_path):
    import os
    import subprocess
    import sys

    from livesite import free_port

    env = {k: v for k, v in os.environ.items() if k not in ("FUDAO_SECRET_KEY", "FUDAO_DB")}
    env.update({"FUDAO_DATA_DIR": str(tmp_path), "FUDAO_CACHE_URL": "redis://127.0.0.1:6379/5"})
    done = subprocess.run([sys.executable, "-m", "fudao.cli.main", "serve", "--port", str(free_port())],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "必須同時設定 FUDAO_SECRET_KEY" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "fudao.sqlite3").exists()


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
