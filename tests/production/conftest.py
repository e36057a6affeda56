"""Fixtures of the production-hardening tests: a clean page cache for every test."""

from __future__ import annotations

import pytest
from livesite import start_site, stop_site


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Pages cached by one test must not leak into the next."""
    from fudao.web import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def site_store(tmp_path_factory):
    """One temp data folder whose store gets the corpus (shared by the live-server tests)."""
    return tmp_path_factory.mktemp("live-store")


@pytest.fixture(scope="session")
def live_site(site_store, corpus_dir):
    """`fudao serve --workers 2` on a temp store with the corpus (rate limits off)."""
    site = start_site(site_store, corpus_dir)
    yield site
    stop_site(site)
