"""A per-process cache of rendered public pages, keyed by the store's content version.

The key holds only the query parameters the page reads (`cached_page(params=…)`), so unknown
parameters or their order cannot bypass the cache; the cache is bounded in entries and bytes.

Pages are a pure function of the URL and the store's live content (documents, index and
catalogue), so a rendered answer stays valid until an ingest or an edit changes that content.
The content version is read from the store at most every CHECK_SECONDS, so a change made by
another process (a CLI ingest, another web worker) shows within that delay.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

CHECK_SECONDS = 2.0
MAX_PAGES = 512
MAX_PAGE_BYTES = 512 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024

_lock = threading.Lock()
_pages: OrderedDict[str, tuple[int, str, str, bytes]] = OrderedDict()
_version: tuple[float, str] = (0.0, "")
_bytes = 0


def enabled() -> bool:
    """Whether page caching is on (FUDAO_PAGE_CACHE=0 turns it off, e.g. to measure raw cost)."""
    return os.environ.get("FUDAO_PAGE_CACHE", "1") != "0"


def content_version() -> str:
    """A short fingerprint of the live documents and the catalogue (checked every CHECK_SECONDS)."""
    global _version
    now = time.monotonic()
    checked_at, version = _version
    if version and now - checked_at < CHECK_SECONDS:
        return version
    from fudao.catalogue.services import catalogue_fingerprint
    from fudao.search.index import current_fingerprint

    raw = f"{current_fingerprint()}|{catalogue_fingerprint()}"
    version = hashlib.sha1(raw.encode()).hexdigest()[:16]
    _version = (now, version)
    return version


def clear() -> None:
    """Forget every cached page and the content version."""
    global _version, _bytes
    with _lock:
        _pages.clear()
        _bytes = 0
        _version = (0.0, "")


def page_key(request: HttpRequest, params: tuple[str, ...]) -> str:
    """The cache key: content version, day, htmx headers, path and the values of `params` only
    (the last value of each, as `request.GET.get` reads it), hashed to a fixed size."""
    from django.utils import timezone

    hx = request.headers.get("HX-Request", "") + "|" + request.headers.get("HX-Target", "")
    query = "&".join(f"{name}={request.GET.get(name, '')}" for name in sorted(params) if name in request.GET)
    raw = f"{content_version()}|{timezone.localdate()}|{hx}|{request.path}|{query}"
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _personal(request: HttpRequest) -> bool:
    """Whether the page may differ for this visitor (signed in, or with messages waiting)."""
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def cached_page(*, params: tuple[str, ...] = ()) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator for GET pages without forms or cookies that read only the query parameters
    `params`: serve a stored rendering when the content is unchanged."""
    return lambda view: _cached(view, params)


def _cached(view: Callable[..., HttpResponse], params: tuple[str, ...]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        global _bytes
        if request.method != "GET" or not enabled() or _personal(request):
            return view(request, *args, **kwargs)
        key = page_key(request, params)
        with _lock:
            hit = _pages.get(key)
            if hit is not None:
                _pages.move_to_end(key)
        if hit is not None:
            status, content_type, vary, body = hit
            response = HttpResponse(body, status=status, content_type=content_type)
            if vary:
                response["Vary"] = vary
            return response
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 400) and not response.cookies and len(response.content) <= MAX_PAGE_BYTES:
            with _lock:
                if key not in _pages:
                    _pages[key] = (response.status_code, response["Content-Type"], response.get("Vary", ""),
                                   response.content)
                    _bytes += len(response.content)
                while len(_pages) > MAX_PAGES or _bytes > MAX_TOTAL_BYTES:
                    _bytes -= len(_pages.popitem(last=False)[1][3])
        return response

    return wrapper
