"""`fudao ingest` as a user runs it: JSON report, idempotence, errors, and a kill mid-ingest."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dochelpers import SAMPLE_LINES

FUDAO = [sys.executable, "-c", "from fudao.cli.main import main; main()"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["FUDAO_DB"] = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    env["FUDAO_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra)
    return env


def _run(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FUDAO, "ingest", *args], env=_env(tmp_path, **extra), capture_output=True, text=True, timeout=120
    )


def test_corpus_json_twice(tmp_path, corpus_dir):
    first = _run(tmp_path, str(corpus_dir), "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert len(report["documents"]) == 5
    assert report["totals"]["added"] == 5
    for doc in report["documents"]:
        assert doc["status"] == "added" and doc["sections"] > 0 and doc["passages"] > 0
    second = json.loads(_run(tmp_path, str(corpus_dir), "--json").stdout)
    assert [d["status"] for d in second["documents"]] == ["unchanged"] * 5
    assert second["totals"]["added"] + second["totals"]["updated"] == 0
    assert [d["passages"] for d in second["documents"]] == [d["passages"] for d in report["documents"]]


def test_bad_inputs_named_on_stderr_others_ingested(tmp_path):
    good = tmp_path / "sample_good.txt"
    good.write_text("\n".join(SAMPLE_LINES), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "big.txt").write_text("段落內容。\n" * 300000, encoding="utf-8")
    result = _run(tmp_path, str(good), str(tmp_path / "empty.txt"), str(tmp_path / "scan.pdf"),
                  str(tmp_path / "big.txt"), str(tmp_path / "missing.odt"), "--max-mb", "1", "--json")
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4
    assert all(line.startswith("錯誤：") for line in errors)
    assert "empty.txt：檔案是空的" in errors[0]
    assert "scan.pdf" in errors[1] and "PDF" in errors[1]
    assert "big.txt" in errors[2] and "檔案過大" in errors[2]
    assert "missing.odt" in errors[3] and "找不到" in errors[3]
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["totals"]["added"] == 1 and report["totals"]["error"] == 4


def test_plain_output_in_chinese(tmp_path):
    good = tmp_path / "sample_plain.txt"
    good.write_text("\n".join(SAMPLE_LINES), encoding="utf-8")
    result = _run(tmp_path, str(good))
    assert result.returncode == 0
    assert "新增  sample_plain" in result.stdout
    assert "共 1 份" in result.stdout


def _store_state(db: Path, stem: str) -> tuple[str, int, int]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT v.id, v.content_hash FROM documents_documentversion v JOIN documents_document d "
            "ON d.id = v.document_id WHERE d.stem = ? AND v.is_current", (stem,)
        ).fetchall()
        assert len(rows) == 1
        version, digest = rows[0]
        passages = connection.execute(
            "SELECT count(*) FROM documents_passage WHERE version_id = ?", (version,)
        ).fetchone()[0]
        orphans = connection.execute(
            "SELECT count(*) FROM documents_passage p LEFT JOIN documents_documentversion v "
            "ON v.id = p.version_id WHERE v.id IS NULL OR NOT v.is_current"
        ).fetchone()[0]
    return digest, passages, orphans


@pytest.mark.store
@pytest.mark.slow
def test_kill_during_ingest_leaves_old_or_new_never_a_mix(tmp_path):
    """kill -9 while the new version is written but not committed: the old version stays whole."""
    doc = tmp_path / "sample_kill.txt"
    old_lines = SAMPLE_LINES * 200
    doc.write_text("\n".join(old_lines), encoding="utf-8")
    assert _run(tmp_path, str(doc)).returncode == 0
    db = tmp_path / "store.sqlite3"
    old = _store_state(db, "sample_kill")
    assert old[1] > 0

    doc.write_text("\n".join([*old_lines, "參、附則", "本須知自公告日起實施。"] * 2), encoding="utf-8")
    hold = tmp_path / "writing"
    process = subprocess.Popen(
        [*FUDAO, "ingest", str(doc)], env=_env(tmp_path, FUDAO_INGEST_HOLD_FILE=str(hold)),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not hold.exists():
            assert process.poll() is None, "ingest ended before writing"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert _store_state(db, "sample_kill") == old

    finished = _run(tmp_path, str(doc), "--json")
    assert json.loads(finished.stdout)["documents"][0]["status"] == "updated"
    new = _store_state(db, "sample_kill")
    assert new[0] != old[0] and new[1] > old[1] and new[2] == 0
