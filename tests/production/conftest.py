"""Fixtures of the production-hardening tests: a clean page cache for every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Pages cached by one test must not leak into the next."""
    from fudao.web import cache

    cache.clear()
    yield
    cache.clear()
