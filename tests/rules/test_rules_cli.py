"""`fudao rules load/list/show` as a user runs them, over a temp SQLite store: a refused file
exits 2 naming file and line, a published one is in use, versions are listed and shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from test_rules_store import MEASURE, widened


def test_the_commands(tmp_path: Path) -> None:
    """`fudao rules load/list/show` as a user runs them (a temp SQLite store)."""
    env = dict(os.environ, FUDAO_DB=f"sqlite:///{tmp_path / 'store.sqlite3'}",
               FUDAO_DATA_DIR=str(tmp_path / "data"))
    fudao = [sys.executable, "-c", "from fudao.cli.main import main; main()"]
    path = widened(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*fudao, *args], env=env, capture_output=True, text=True, timeout=120)

    (tmp_path / "bad").mkdir()
    bad = widened(tmp_path / "bad")
    bad.write_text(bad.read_text(encoding="utf-8").replace("in: [H, G]", "in: [H]"), encoding="utf-8")
    refused = run("rules", "load", str(bad), "--publish")
    assert refused.returncode == 2 and refused.stdout == ""
    assert f"{MEASURE}.tests.yaml 第 17 行" in refused.stderr and "未通過" in refused.stderr
    loaded = run("rules", "load", str(path), "--publish", "--json")
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["published_now"] is True
    listing = json.loads(run("rules", "list", "--json").stdout)["rules"]
    row = next(r for r in listing if r["measure_id"] == MEASURE)
    assert row["in_use"]["version"] == 2 and row["versions"] == 2
    shown = run("rules", "show", MEASURE)
    assert "＊現行 第 2 版" in shown.stdout and "本機管理者 發布於 民國" in shown.stdout
    missing = run("rules", "show", "no-such-measure")
    assert missing.returncode == 2 and "找不到資格規則" in missing.stderr
