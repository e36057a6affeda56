"""Shared fixtures: the corpus folder, and a test store with the corpus ingested and published."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("FUDAO_DATA_DIR", tempfile.mkdtemp(prefix="fudao-test-"))

CORPUS_DIR = Path(os.environ.get("FUDAO_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
CORPUS_MISSING = "corpus not found at ../shared/corpus (set FUDAO_CORPUS to run the corpus tests)"


def corpus_available() -> bool:
    """Whether the five ministry documents are readable beside the repository."""
    return CORPUS_DIR.is_dir() and any(CORPUS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The folder of the ministry's documents; skips the test where it is absent."""
    if not corpus_available():
        pytest.skip(CORPUS_MISSING)
    return CORPUS_DIR


def corpus_path(stem_prefix: str) -> Path:
    """One corpus file by its number prefix (`002`); skips where the corpus is absent."""
    if not corpus_available():
        pytest.skip(CORPUS_MISSING)
    return next(CORPUS_DIR.glob(f"{stem_prefix}_*.txt"))


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
