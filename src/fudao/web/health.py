"""Health checks and metrics for the proxy and the monitoring (DESIGN "Running in production").

`GET /healthz`: 200 while the process answers (nothing else is looked at). `GET /readyz`: 200
when the store answers, the cache answers and this process has its search index loaded, 503
with the failing check otherwise. Both public, cheap (one `SELECT 1`, one cache read) and
without personal data. `GET /metrics`: Prometheus text for a staff API token only.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

log = logging.getLogger("fudao.web")
FAILED = {"store": "資料庫無回應", "cache": "共用快取無回應", "search_index": "搜尋索引尚未載入"}


def _json(body: dict[str, object], status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up."""
    return _json({"status": "ok"})


def _store_ok() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_ok() -> bool:
    from fudao.sharedcache import counter_cache

    counter_cache().get("readyz")  # raises when Redis does not answer
    return True


def _index_ok() -> bool:
    from fudao.search import index

    return index.loaded()


CHECKS = {"store": _store_ok, "cache": _cache_ok, "search_index": _index_ok}


@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve: store, cache and search index; 503 naming what is not (zh-TW)."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            ok = check()
        except Exception as exc:  # a failing dependency is the answer, not an error
            log.warning("readyz: %s failed (%s)", name, type(exc).__name__)
            ok = False
        results[name] = "ok" if ok else FAILED[name]
    ready = all(value == "ok" for value in results.values())
    return _json({"status": "ready" if ready else "not_ready", "checks": results}, 200 if ready else 503)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text: requests and durations by route, task queue, open SLA breaches."""
    from fudao.web.auth import AuthFailure, bearer_token, request_actor
    from fudao.web.middleware import api_error_response

    try:
        if bearer_token(request) is None:
            return api_error_response(401, "/metrics 須以員工的 API 權杖（Authorization: Bearer …）讀取")
        actor = request_actor(request)
    except AuthFailure as exc:
        return api_error_response(exc.status, str(exc))
    if actor.anonymous:
        return api_error_response(403, "此 API 權杖的使用者沒有員工角色")
    from prometheus_client import CONTENT_TYPE_LATEST

    from fudao.web.metrics import render

    response = HttpResponse(render(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response

