"""Shared fixtures: the corpus folder, and a test store with the corpus ingested and published."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from corpusfiles import CORPUS_DIR, CORPUS_MISSING, corpus_available, corpus_path, unavailable

__all__ = ["CORPUS_DIR", "CORPUS_MISSING", "corpus_available", "corpus_path"]

os.environ.setdefault("FUDAO_DATA_DIR", tempfile.mkdtemp(prefix="fudao-test-"))
# Rate limits are off in tests (one client makes every request); tests/production turns them on.
os.environ.setdefault("FUDAO_RATE_LIMIT", "0")
os.environ.setdefault("FUDAO_LOGIN_RATE_LIMIT", "0")
# The public forms' hourly limits are tested where they are turned on (tests/production).
for _public in ("FUDAO_STATUS_RATE_LIMIT", "FUDAO_INQUIRY_RATE_LIMIT", "FUDAO_REGISTRATION_RATE_LIMIT",
                "FUDAO_ALERT_RATE_LIMIT"):
    os.environ.setdefault(_public, "0")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The folder of the ministry's documents; skips the test where it is absent."""
    if not corpus_available():
        unavailable(CORPUS_MISSING)
    return CORPUS_DIR


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test store, with the corpus ingested and its measures published once per session."""
    from fudao.documents.services import ingest_paths

    if corpus_available():
        with django_db_blocker.unblock():
            ingest_paths([CORPUS_DIR], publish=True)
    yield


@pytest.fixture
def corpus_db(db, corpus_dir):
    """A database test that needs the corpus ingested (skips where the corpus is absent)."""
    return corpus_dir


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium under Playwright, one for the whole session (Playwright's sync API
    allows one instance per process); skips where chromium is not installed."""
    from browserkit import chromium

    with chromium() as running:
        yield running
