"""Where the ministry's documents are: a plain module (not conftest) so that test modules can
import it whatever conftest.py pytest loaded last (`from corpusfiles import corpus_path`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CORPUS_DIR = Path(os.environ.get("FUDAO_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
CORPUS_MISSING = "corpus not found at ../shared/corpus (set FUDAO_CORPUS to run the corpus tests)"


def unavailable(reason: str) -> None:
    """A test's prerequisite (the corpus, chromium, a CJK font) is missing: under CI
    (`CI=true`) the test fails, so a broken set-up cannot pass as skips; locally it skips."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"under CI: {reason}")
    pytest.skip(reason)


def corpus_available() -> bool:
    """Whether the five ministry documents are readable beside the repository."""
    return CORPUS_DIR.is_dir() and any(CORPUS_DIR.glob("*.txt"))


def corpus_path(stem_prefix: str) -> Path:
    """One corpus file by its number prefix (`002`); skips where the corpus is absent."""
    if not corpus_available():
        unavailable(CORPUS_MISSING)
    return next(CORPUS_DIR.glob(f"{stem_prefix}_*.txt"))
