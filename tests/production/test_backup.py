"""`fudao backup` / `fudao restore`: a store restored into a fresh one has the same rows."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUDAO = [sys.executable, "-m", "fudao.cli.main"]
MAIN_TABLES = ("documents_document", "documents_documentversion", "documents_passage",
               "catalogue_measure", "audit_auditentry")


def _run(db: str, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FUDAO_DB", "DJANGO_"))}
    env.update(PYTHONPATH=str(ROOT / "src"), FUDAO_DB=db, FUDAO_DATA_DIR=str(data))
    return subprocess.run([*FUDAO, *args], env=env, capture_output=True, text=True, timeout=600)


def _fill(db: str, data: Path, corpus_dir: Path) -> None:
    files = sorted(str(p) for p in corpus_dir.iterdir() if p.is_file())[:2]
    if db.startswith("postgres"):
        assert _run(db, data, "migrate").returncode == 0
    done = _run(db, data, "ingest", *files, "--publish", "--json")
    assert done.returncode == 0, done.stderr
    code = ("import django; django.setup(); from fudao.audit.services import record; "
            "record(action='role_changed', actor='chief', detail={'user': 'amy', 'role': 'editor'})")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FUDAO_DB", "DJANGO_"))}
    env.update(PYTHONPATH=str(ROOT / "src"), FUDAO_DB=db, FUDAO_DATA_DIR=str(data),
               DJANGO_SETTINGS_MODULE="fudao.settings")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)


def _roundtrip(source_db: str, fresh_db: str, tmp_path: Path, corpus_dir: Path) -> tuple[dict, dict]:
    _fill(source_db, tmp_path / "a", corpus_dir)
    file = tmp_path / "backups" / "fudao.backup"
    made = _run(source_db, tmp_path / "a", "backup", str(file), "--json")
    assert made.returncode == 0, made.stderr
    backup = json.loads(made.stdout)
    assert backup["bytes"] == file.stat().st_size > 0
    restored = _run(fresh_db, tmp_path / "b", "restore", str(file), "--json")
    assert restored.returncode == 0, restored.stderr
    return backup, json.loads(restored.stdout)


@pytest.mark.slow
def test_sqlite_backup_restores_into_a_fresh_store(tmp_path, corpus_dir):
    source, fresh = tmp_path / "a" / "store.sqlite3", tmp_path / "b" / "store.sqlite3"
    backup, restored = _roundtrip(f"sqlite:///{source}", f"sqlite:///{fresh}", tmp_path, corpus_dir)
    assert restored["tables"] == backup["tables"]
    assert all(backup["tables"][t] > 0 for t in MAIN_TABLES)
    for table in MAIN_TABLES:
        query = f"SELECT * FROM {table} ORDER BY 1"
        with sqlite3.connect(source) as a, sqlite3.connect(fresh) as b:
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table
    search = _run(f"sqlite:///{fresh}", tmp_path / "b", "search", "補助", "--json")
    assert search.returncode == 0 and json.loads(search.stdout)["hits"]  # the index is rebuilt


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database", encoding="utf-8")
    result = _run(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path / "d", "restore", str(bogus))
    assert result.returncode == 2
    assert result.stderr.startswith("錯誤：") and "備份檔" in result.stderr
    missing = _run(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path / "d", "restore", str(tmp_path / "x"))
    assert missing.returncode == 2 and "找不到備份檔案" in missing.stderr


@pytest.fixture
def two_pg_databases():
    base = os.environ.get("FUDAO_TEST_PG")
    if not base:
        pytest.skip("FUDAO_TEST_PG is not set (a PostgreSQL server for store tests)")
    import psycopg

    head, _, name = base.rpartition("/")
    names = [f"{name}_bk_{uuid.uuid4().hex[:6]}_{side}" for side in ("a", "b")]
    with psycopg.connect(f"{head}/postgres", autocommit=True) as admin:
        for db in names:
            admin.execute(f'CREATE DATABASE "{db}"')
    try:
        yield [f"{head}/{db}" for db in names]
    finally:
        with psycopg.connect(f"{head}/postgres", autocommit=True) as admin:
            for db in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


@pytest.mark.slow
@pytest.mark.store
def test_postgresql_backup_restores_into_a_fresh_database(tmp_path, corpus_dir, two_pg_databases):
    import psycopg

    source, fresh = two_pg_databases
    backup, restored = _roundtrip(source, fresh, tmp_path, corpus_dir)
    assert restored["tables"] == backup["tables"]
    assert all(backup["tables"][t] > 0 for t in MAIN_TABLES)
    with psycopg.connect(source) as a, psycopg.connect(fresh) as b:
        for table in MAIN_TABLES:
            query = f"SELECT * FROM {table} ORDER BY 1"
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table


def test_backup_and_restore_carry_the_case_files(tmp_path):
    """A case's file is in the backup and back in the attachments folder after a restore into a
    fresh store and data folder."""
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    source = tmp_path / "a"
    db = f"sqlite:///{source / 'store.sqlite3'}"
    opened = _run(db, source, "cases", "open", "--channel", "hotline", "--kind", "financing", "--json")
    assert opened.returncode == 0, opened.stderr
    case_no = json.loads(opened.stdout)["case_no"]
    (tmp_path / "財報.pdf").write_bytes(pdf)
    attached = _run(db, source, "cases", "attach", case_no, str(tmp_path / "財報.pdf"), "--json")
    assert attached.returncode == 0, attached.stderr
    file = tmp_path / "fudao.backup"
    made = _run(db, source, "backup", str(file), "--json")
    assert made.returncode == 0 and json.loads(made.stdout)["attachments"] == 1, made.stderr
    fresh = tmp_path / "b"
    restored = _run(f"sqlite:///{fresh / 'store.sqlite3'}", fresh, "restore", str(file), "--json")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["attachments"] == 1
    assert [p.read_bytes() for p in (fresh / "attachments").rglob("*.pdf")] == [pdf]
    shown = _run(f"sqlite:///{fresh / 'store.sqlite3'}", fresh, "cases", "show", case_no, "--json")
    assert [a["name"] for a in json.loads(shown.stdout)["attachments"]] == ["財報.pdf"]


def test_store_backup_and_key_are_private_and_the_counts_are_the_backups(tmp_path):
    """A fresh data folder is 0700, the SQLite store, the secret key and a backup 0600 (umask
    022 notwithstanding); `backup --json` reports the rows of the copy it wrote."""
    import stat
    import tarfile

    data = tmp_path / "new" / "data"
    db = f"sqlite:///{data / 'store.sqlite3'}"
    old = os.umask(0o022)
    try:
        opened = _run(db, data, "cases", "open", "--channel", "hotline", "--kind", "financing", "--json")
        assert opened.returncode == 0, opened.stderr
        file = tmp_path / "backups" / "fudao.backup"
        made = _run(db, data, "backup", str(file), "--json")
    finally:
        os.umask(old)
    assert made.returncode == 0, made.stderr

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(data) == 0o700
    assert mode(data / "store.sqlite3") == 0o600
    assert mode(data / "secret_key") == 0o600
    assert mode(file) == 0o600
    assert not [p.name for p in file.parent.iterdir() if p.name != file.name]  # no temporary left
    reported = json.loads(made.stdout)["tables"]
    with tarfile.open(file) as archive:
        archive.extract("store.sqlite3", tmp_path / "x", filter="data")
    with sqlite3.connect(tmp_path / "x" / "store.sqlite3") as copy:
        copied = {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in reported}
    assert reported == copied and reported["cases_case"] == 1
