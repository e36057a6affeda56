"""Where the store lives: the database URL from `--db` / `FUDAO_DB`, SQLite by default."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import platformdirs

ENV_DB = "FUDAO_DB"
ENV_STATIC_ROOT = "FUDAO_STATIC_ROOT"
PRIVATE_DIR = 0o700  # the data folder and the folders fudao creates for its store
PRIVATE_FILE = 0o600  # the SQLite store, backups, the secret key


def data_dir() -> Path:
    """The folder where fudao keeps its default store and search index."""
    override = os.environ.get("FUDAO_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("fudao"))
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    return path


def static_root() -> Path:
    """Where `collectstatic` puts the site's static files (whitenoise serves them from there):
    `FUDAO_STATIC_ROOT` if set, else `static` in the data folder (created, so that whitenoise
    finds it before the first `collectstatic`)."""
    override = os.environ.get(ENV_STATIC_ROOT, "").strip()
    if override:
        return Path(override)
    path = data_dir() / "static"
    path.mkdir(exist_ok=True)
    return path


def database_url() -> str:
    """The store's URL: `FUDAO_DB` if set, else a SQLite file in the data folder."""
    url = os.environ.get(ENV_DB, "").strip()
    if url:
        return url
    return f"sqlite:///{data_dir() / 'fudao.sqlite3'}"


def database_settings(url: str | None = None) -> dict[str, Any]:
    """Django DATABASES['default'] for the store URL; raises ValueError on an unknown scheme."""
    url = url or database_url()
    if not url.startswith(("sqlite:", "postgres://", "postgresql://")):
        raise ValueError(f"不支援的資料庫位址：{url}（請用 sqlite:///路徑 或 postgresql://…）")
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
        config["CONN_MAX_AGE"] = 0
        if config["NAME"] not in ("", ":memory:"):
            private_file(Path(config["NAME"]))
    return config


def private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 (its folder 0700) unless it exists, so that a file
    SQLite or a tool writes into afterwards is readable by its owner only (SQLite's journal and
    WAL files take the mode of the database file)."""
    path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


def index_dir() -> Path:
    """The folder for derived indexes (search), next to the store."""
    url = database_url()
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        base = Path(url.removeprefix("sqlite:///")).parent / "index"
    else:
        base = data_dir() / "index"
    base.mkdir(parents=True, exist_ok=True)
    return base


@contextlib.contextmanager
def migration_lock() -> Iterator[None]:
    """Hold an exclusive lock while migrating, so that two processes starting at once on a new
    store migrate one after the other (the second then finds nothing to do). The lock file sits
    next to a SQLite store, else in the data folder; without fcntl (Windows) no lock is taken."""
    url = database_url()
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        path = Path(url.removeprefix("sqlite:///")).with_suffix(".migrate.lock")
    else:
        path = data_dir() / "migrate.lock"
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def file_storage(folder: Path) -> dict[str, Any]:
    """The attachments' storage (Django's `STORAGES` entry): `FUDAO_FILE_STORAGE` (a dotted
    storage class, e.g. `storages.backends.s3.S3Storage` of django-storages) with the JSON
    object `FUDAO_FILE_STORAGE_OPTIONS`, else the folder `attachments` in the data folder."""
    import json

    backend = os.environ.get("FUDAO_FILE_STORAGE", "").strip()
    if not backend:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(folder / "attachments"), "directory_permissions_mode": 0o700,
                            "file_permissions_mode": 0o600}}
    raw = os.environ.get("FUDAO_FILE_STORAGE_OPTIONS", "").strip() or "{}"
    try:
        options = json.loads(raw)
    except json.JSONDecodeError:
        raise SystemExit("錯誤：FUDAO_FILE_STORAGE_OPTIONS 不是有效的 JSON 物件") from None
    if not isinstance(options, dict):
        raise SystemExit("錯誤：FUDAO_FILE_STORAGE_OPTIONS 須為 JSON 物件")
    return {"BACKEND": backend, "OPTIONS": options}
