"""/healthz, /readyz and the staff-only /metrics (DESIGN "Running in production")."""

from __future__ import annotations

import re

import pytest


def test_healthz_answers_without_looking_at_anything(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_needs_the_search_index_loaded(client, db, monkeypatch):
    from fudao.search import index

    index.forget()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready" and body["checks"]["search_index"] == "搜尋索引尚未載入"
    assert body["checks"]["store"] == "ok" and body["checks"]["cache"] == "ok"
    index.get_index()
    assert client.get("/readyz").json() == {"status": "ready", "checks": {
        "store": "ok", "cache": "ok", "search_index": "ok"}}


def test_readyz_is_503_when_the_shared_cache_does_not_answer(client, db, settings):
    from fudao.search import index

    index.get_index()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
                                   "OPTIONS": {"socket_connect_timeout": 0.2}}}  # Django resets caches
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "共用快取無回應"


@pytest.fixture
def token(db):
    from fudao.accounts.services import add_user, issue_token

    add_user(username="ops", role="analyst", password="Ops-metrics-2026!x")
    return issue_token(username="ops")


def test_metrics_need_a_staff_token(client, token):
    assert client.get("/metrics").status_code == 401
    bad = client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401 and "權杖" in bad.json()["error"]
    client.get("/measures/")
    client.get("/measures/")
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    counted = re.search(r'fudao_requests_total\{method="GET",route="measures/",status="200"\} (\d+)', text)
    assert counted and float(counted.group(1)) >= 2
    assert 'fudao_request_duration_seconds_bucket{le="0.005",route="measures/"}' in text
    assert re.search(r'^fudao_tasks\{status="ready"\} \d', text, re.M)
    assert re.search(r'^fudao_sla_breaches_open\{clock="resolution"\} \d', text, re.M)
    assert "q=" not in text
