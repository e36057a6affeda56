"""`fudao alerts subscribe|list|run` as a consultant and an analyst run them, over a temp
SQLite store: only an enterprise the consultant may see, a bad address refused (exit 2, nothing
written), an analyst sees the addresses masked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fudao.zhtext.ubn import synthetic_ubn

FUDAO = [sys.executable, "-c", "from fudao.cli.main import main; main()"]
NEAR, FAR = synthetic_ubn(11), synthetic_ubn(12)
SEED = f"""
from fudao import bootstrap
bootstrap.setup()
from fudao.accounts.services import add_team, add_user
from fudao.enterprises.models import Enterprise
add_team(slug="central", name="中區", counties=["臺中市"])
add_user(username="amei", role="consultant", password="Fudao-test-1234", team="central")
add_user(username="wu", role="analyst", password="Fudao-test-1234")
Enterprise.objects.create(ubn="{NEAR}", name="近", county="臺中市", industry_section="C", employees=8)
Enterprise.objects.create(ubn="{FAR}", name="遠", county="高雄市", industry_section="C")
"""


def test_alerts_commands(tmp_path: Path) -> None:
    env = dict(os.environ, FUDAO_DB=f"sqlite:///{tmp_path / 'store.sqlite3'}",
               FUDAO_DATA_DIR=str(tmp_path / "data"), FUDAO_EMAIL_BACKEND="locmem")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*FUDAO, *args], env=env, capture_output=True, text=True, timeout=120)

    seeded = subprocess.run([sys.executable, "-c", SEED], env=env, capture_output=True, text=True, timeout=120)
    assert seeded.returncode == 0, seeded.stderr
    far = run("alerts", "subscribe", "--ubn", FAR, "--email", "far@example.tw", "--as", "amei")
    assert far.returncode == 2 and "找不到統一編號" in far.stderr
    bad = run("alerts", "subscribe", "--ubn", NEAR, "--email", "no-at-sign", "--as", "amei")
    assert bad.returncode == 2 and "不是有效的電子郵件地址" in bad.stderr
    done = run("alerts", "subscribe", "--ubn", NEAR, "--email", "owner@example.tw", "--as", "amei", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) | {"id": 0} == {"id": 0, "status": "pending", "ubn": NEAR,
                                                   "email": "owner@example.tw", "consent_by": "amei"}
    (row,) = json.loads(run("alerts", "list", "--json", "--as", "wu").stdout)["subscriptions"]
    assert row["email"] == "o＊＊＊@example.tw" and row["ubn"] == NEAR and row["status"] == "pending"
    assert json.loads(run("alerts", "run", "--json").stdout) == {"screened": 0, "queued": 0}, "none confirmed"
