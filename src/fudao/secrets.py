"""Django's secret key: `FUDAO_SECRET_KEY`, else a random key made once in the data folder.

There is no built-in key. The file `secret_key` in the data folder is created with mode 0600
(readable by its owner only) by whichever process comes first, and reused afterwards.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

ENV_SECRET_KEY = "FUDAO_SECRET_KEY"
KEY_FILE = "secret_key"
KEY_CHARS = 64


def secret_key(folder: Path) -> str:
    """The secret key from the environment, else the one kept in `folder` (made on first use)."""
    value = os.environ.get(ENV_SECRET_KEY, "").strip()
    if value:
        return value
    return _kept_key(folder / KEY_FILE)


def _kept_key(path: Path) -> str:
    """Read the key file; create it atomically (O_EXCL, mode 0600) when it does not exist yet."""
    for _ in range(50):
        with contextlib.suppress(FileNotFoundError):
            text = path.read_text(encoding="ascii").strip()
            if len(text) >= 50:
                return text
        key = secrets.token_urlsafe(48)[:KEY_CHARS]
        tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key + "\n")
        try:
            os.link(tmp, path)  # fails if another process made the key first: read theirs
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    raise RuntimeError(f"無法建立或讀取密鑰檔 {path}")
