"""Copies of the whole store: SQLite through its online backup API, PostgreSQL through
pg_dump/pg_restore (custom format), with the case files (attachments storage). The backup file
is a tar holding `store.sqlite3` or `store.pgdump` and `attachments/<storage name>` of every
file the store lists; a bare database file of an older backup is restored too. The search
index is derived and rebuilt from the store."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from fudao.errors import Invalid
from fudao.store import PRIVATE_DIR, private_file

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Invalid):
    """A backup or restore that cannot be done; the message says why (zh-TW)."""


def _store() -> tuple[str, str]:
    """('sqlite', file path) or ('postgresql', URL) of the configured store."""
    from fudao.store import database_url

    url = database_url()
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return "sqlite", url.removeprefix("sqlite:///")
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql", url
    raise BackupError(f"無法備份這種資料庫：{url}")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"找不到 {name}（請安裝 PostgreSQL 用戶端工具，例如 apt-get install postgresql-client）")
    return path


def table_counts(*, count: bool = True) -> dict[str, int]:
    """Rows of every table of the store's apps (to compare a restore with its source); with
    count=False only the tables' names (the counts 0)."""
    from django.apps import apps
    from django.db import connection

    existing = set(connection.introspection.table_names())
    counts = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if table in existing and not model._meta.proxy:
            counts[table] = model._default_manager.count() if count else 0
    return dict(sorted(counts.items()))


def backup_store(*, target: Path) -> dict[str, Any]:
    """Copy the live store into `target` (written to a temporary file, then moved into place,
    so a failed backup leaves no half-written file). Returns what was copied."""
    kind, where = _store()
    target = target.resolve()
    if target.is_dir():
        raise BackupError(f"備份目的地是資料夾，請指定檔名：{target}")
    target.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    database = target.with_name(f".{target.name}.{os.getpid()}.store")
    files = 0
    try:
        for path in (partial, database):  # 0600 before anything is written into them
            path.unlink(missing_ok=True)
            private_file(path)
        tables = _copy_store(kind, where, database)
        with tarfile.open(partial, "w") as archive:
            archive.add(database, arcname=STORE_MEMBER[kind])
            files = _add_attachments(archive)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        database.unlink(missing_ok=True)
    return {"store": kind, "file": str(target), "bytes": target.stat().st_size, "tables": tables,
            "attachments": files}


STORE_MEMBER = {"sqlite": "store.sqlite3", "postgresql": "store.pgdump"}
FILES_PREFIX = "attachments/"


def _add_attachments(archive: tarfile.TarFile) -> int:
    """Every file the store lists, read through the attachments storage, into the archive."""
    from fudao.cases.attachments import storage
    from fudao.cases.models import Attachment

    files = storage()
    count = 0
    for name in Attachment.objects.order_by("id").values_list("storage_name", flat=True).iterator():
        try:
            handle = files.open(name, "rb")
        except FileNotFoundError:
            raise BackupError(f"案件檔案遺失，無法備份：{name}") from None
        with handle:
            info = tarfile.TarInfo(FILES_PREFIX + name)
            info.size = files.size(name)
            info.mode = 0o600
            archive.addfile(info, handle)
        count += 1
    return count


def _copy_store(kind: str, where: str, partial: Path) -> dict[str, int]:
    """The live database copied into the file `partial`; returns the row counts of the copy
    (SQLite: counted in the copied file; PostgreSQL: counted in the very snapshot pg_dump reads,
    exported by a repeatable-read transaction held open while it runs)."""
    tables = list(table_counts(count=False))
    if kind == "sqlite":
        if not Path(where).is_file():
            raise BackupError(f"找不到資料庫檔案：{where}")
        with sqlite3.connect(where) as source, sqlite3.connect(partial) as copy:
            source.backup(copy)
            counts = {table: copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
        copy.close()
        source.close()
        return counts
    import psycopg
    from psycopg import sql

    with psycopg.connect(where, autocommit=True) as snapshot_holder:
        snapshot_holder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        row = snapshot_holder.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        counts = {}
        for table in tables:
            counted = snapshot_holder.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = counted.fetchone()[0]  # type: ignore[index]
        done = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                               f"--snapshot={row[0]}", f"--file={partial}", where],
                              capture_output=True, text=True)
        snapshot_holder.execute("COMMIT")
    if done.returncode != 0:
        raise BackupError(f"pg_dump 失敗：{done.stderr.strip()[:500]}")
    return counts


def restore_store(*, source: Path) -> dict[str, Any]:
    """Replace the store's content with the backup `source` (made by `backup_store` for the same
    kind of store). SQLite: one backup-API copy, all or nothing; PostgreSQL: pg_restore --clean
    in a single transaction. Returns the restored row counts."""
    kind, where = _store()
    if not source.is_file():
        raise BackupError(f"找不到備份檔案：{source}")
    if not tarfile.is_tarfile(source):
        return _restore_database(kind, where, source, source)
    with tarfile.open(source, "r") as archive, tempfile.TemporaryDirectory() as work:
        member = next((m for m in archive.getmembers() if m.name in STORE_MEMBER.values() and m.isfile()), None)
        if member is None:
            raise BackupError(f"{source} 不是 fudao 的備份檔")
        extracted = Path(work) / "store"
        with archive.extractfile(member) as data, extracted.open("wb") as out:  # type: ignore[union-attr]
            shutil.copyfileobj(data, out)
        result = _restore_database(kind, where, extracted, source)
        result["attachments"] = _restore_attachments(archive)
    return result


def _restore_attachments(archive: tarfile.TarFile) -> int:
    """The archive's files written back through the attachments storage, under their names,
    for the files the restored store lists."""
    from fudao.cases.attachments import storage
    from fudao.cases.models import Attachment

    wanted = set(Attachment.objects.values_list("storage_name", flat=True))
    files = storage()
    count = 0
    for member in archive.getmembers():
        name = member.name.removeprefix(FILES_PREFIX)
        if not member.isfile() or not member.name.startswith(FILES_PREFIX) or name not in wanted:
            continue
        data = archive.extractfile(member)
        if data is None:
            continue
        if files.exists(name):
            files.delete(name)
        saved = files.save(name, data)
        if saved != name:
            raise BackupError(f"無法以原檔名還原案件檔案：{name}")
        count += 1
    return count


def _restore_database(kind: str, where: str, source: Path, shown: Path) -> dict[str, Any]:
    """Replace the store's database with the database file `source` (from the backup `shown`)."""
    with source.open("rb") as handle:
        head = handle.read(16)
    if kind == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{shown} 不是 SQLite 資料庫的備份檔")
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
            try:
                backup.execute("SELECT COUNT(*) FROM django_migrations").fetchone()
            except sqlite3.DatabaseError:
                raise BackupError(f"{shown} 不是 fudao 資料庫的備份檔") from None
            Path(where).parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(where, timeout=30) as store:
                backup.backup(store)
            store.close()
        backup.close()
    else:
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{shown} 不是 pg_dump 的備份檔（custom 格式）")
        done = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                               "--single-transaction", "--exit-on-error", f"--dbname={where}", str(source)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_restore 失敗：{done.stderr.strip()[:500]}")
    from django.db import connections

    connections.close_all()
    return {"store": kind, "file": str(shown), "tables": table_counts(), "attachments": 0}
