"""What several hosts share outside the store: Django's cache on Redis (`FUDAO_CACHE_URL`).

With `FUDAO_CACHE_URL=redis://host:6379/0` the default cache is Django's Redis backend, which
every host behind the proxy reaches (rate-limit counters first). Without it, a disk cache in the
data folder (diskcache on SQLite) is shared by one host's worker processes: right for one host,
wrong for several. A cache shared by hosts needs one secret key on all of them, so
`FUDAO_CACHE_URL` without `FUDAO_SECRET_KEY` refuses to start.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ENV_CACHE_URL = "FUDAO_CACHE_URL"
# Seconds a host waits for Redis before giving up on one operation (a request is not held up).
REDIS_TIMEOUT = 0.5
NO_SECRET = ("已設定 FUDAO_CACHE_URL（多台主機共用快取），必須同時設定 FUDAO_SECRET_KEY，"
             "且每台主機使用同一把密鑰：否則一台主機簽發的登入階段與取消連結在其他主機無效")
BAD_URL = "FUDAO_CACHE_URL 須為 redis://主機:連接埠/資料庫編號 或 rediss://…（收到「{url}」）"


def cache_url() -> str:
    """The shared cache's URL, or "" for one host."""
    return os.environ.get(ENV_CACHE_URL, "").strip()


def check_cache_config(url: str) -> None:
    """Refuse a shared cache without a shared secret key, or an address that is not Redis
    (ImproperlyConfigured with a zh-TW message)."""
    from django.core.exceptions import ImproperlyConfigured

    if not url:
        return
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(BAD_URL.format(url=url[:80]))
    if not os.environ.get("FUDAO_SECRET_KEY", "").strip():
        raise ImproperlyConfigured(NO_SECRET)


def cache_settings(url: str, folder: Path) -> dict[str, Any]:
    """Django's CACHES: Redis at `url`, else a disk cache in `folder`/cache."""
    check_cache_config(url)
    if url:
        return {"default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "fudao",
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }}
    return {"default": {
        "BACKEND": "diskcache.DjangoCache",
        "LOCATION": str(folder / "cache"),
        "SHARDS": 4,
        "DATABASE_TIMEOUT": 1.0,  # seconds a worker waits on another's write before giving up
    }}


def counter_cache() -> Any:
    """The cache that counts requests (Django's default cache)."""
    from django.core.cache import caches

    return caches["default"]


def shared() -> bool:
    """Whether this host shares its cache with others (Redis)."""
    return bool(cache_url())
