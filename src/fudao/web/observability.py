"""Every answer observed: one JSON access line (fudao.logs) and the Prometheus request metrics.

The route is the URL pattern that answered (`events/<str:event_id>/`), so neither the path's
values nor the query string reach the log or the metrics. Under `fudao serve` the metrics of all
worker processes are kept in files of the data folder (prometheus_client's multiprocess mode,
`PROMETHEUS_MULTIPROC_DIR`) and summed when `/metrics` is read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from prometheus_client import Counter, Histogram

Handler = Callable[[HttpRequest], HttpResponse]
access_log = logging.getLogger("fudao.access")
UNMATCHED = "(unmatched)"

REQUESTS = Counter("fudao_requests", "Requests answered, by route, method and status",
                   ["route", "method", "status"])
DURATION = Histogram("fudao_request_duration_seconds", "Time to answer a request, by route", ["route"],
                     buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))


def route_of(request: HttpRequest) -> str:
    """The URL pattern of the request (resolved here when a middleware answered before the view)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return UNMATCHED
    return match.route or match.view_name or UNMATCHED


def user_id_of(request: HttpRequest) -> int | None:
    """The signed-in or token user's id, else None."""
    token_user = getattr(request, "token_user_id", None)
    if token_user is not None:
        return int(token_user)
    user = getattr(request, "user", None)
    return int(user.pk) if user is not None and user.is_authenticated else None


def observe(get_response: Handler) -> Handler:
    """Middleware: time the answer, count it by route and status, write its access line."""

    def middleware(request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = get_response(request)
        seconds = time.perf_counter() - started
        route = route_of(request)
        REQUESTS.labels(route, request.method or "-", str(response.status_code)).inc()
        DURATION.labels(route).observe(seconds)
        access_log.info("access", extra={"access": {
            "route": route, "method": request.method, "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1), "user": user_id_of(request)}})
        return response

    return middleware
