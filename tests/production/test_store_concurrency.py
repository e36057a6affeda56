"""Two `fudao ingest` started at once on a new SQLite store: both complete, every file ingested."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUDAO = [sys.executable, "-m", "fudao.cli.main"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FUDAO_DB", "DJANGO_"))}
    env.update(PYTHONPATH=str(ROOT / "src"), FUDAO_DB=f"sqlite:///{tmp_path / 'new' / 'store.sqlite3'}",
               FUDAO_DATA_DIR=str(tmp_path / "data"))
    return env


@pytest.mark.slow
def test_two_ingests_at_once_on_a_new_store(tmp_path, corpus_dir):
    files = sorted(p for p in corpus_dir.iterdir() if p.is_file())
    assert len(files) >= 4
    halves = [files[: len(files) // 2], files[len(files) // 2 :]]
    env = _env(tmp_path)
    procs = [subprocess.Popen([*FUDAO, "ingest", *map(str, half), "--json"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for half in halves]
    outputs = [proc.communicate(timeout=600) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert json.loads(out)["totals"]["added"] >= 1
    with sqlite3.connect(tmp_path / "new" / "store.sqlite3") as db:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        documents = db.execute("SELECT COUNT(*) FROM documents_document").fetchone()[0]
    assert "audit_auditentry" in names
    assert documents == len(files)
