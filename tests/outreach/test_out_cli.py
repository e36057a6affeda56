"""`fudao campaigns` as a user runs it, over a temp SQLite store seeded with a registry file."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from fudao.zhtext.ubn import synthetic_ubn

FUDAO = [sys.executable, "-c", "from fudao.cli.main import main; main()"]
SEED = """
from pathlib import Path
from fudao import bootstrap
bootstrap.setup()
from fudao.accounts.services import add_team, add_user
from fudao.enterprises.registry import import_registry
add_team(slug="central", name="中區", counties=["臺中市"])
add_user(username="amei", role="consultant", password="Fudao-test-1234", team="central")
add_user(username="bolin", role="consultant", password="Fudao-test-1234")
print(import_registry(Path("registry.csv"))["created"])
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, FUDAO_DB=f"sqlite:///{tmp_path / 'store.sqlite3'}",
                FUDAO_DATA_DIR=str(tmp_path / "data"))


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*FUDAO, *args], env=_env(tmp_path), capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)


def test_campaign_commands(tmp_path: Path) -> None:
    with (tmp_path / "registry.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ubn", "name", "org_type", "industry_section", "employees", "county"])
        for i in range(40):
            writer.writerow([synthetic_ubn(500 + i), f"工廠{i}", "company", "C", str(i % 12),
                             ["臺中市", "臺南市"][i % 2]])
    seeded = subprocess.run([sys.executable, "-c", SEED], env=_env(tmp_path), cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert seeded.returncode == 0, seeded.stderr
    done = _run(tmp_path, "campaigns", "create", "小型製造業升級", "--measure", "small-mfg-upgrade-grant",
                "--where", "industry_section=C", "--consultants", "amei,bolin", "--on", "2026-01-20", "--json")
    assert done.returncode == 0, done.stderr
    made = json.loads(done.stdout)
    # employees 0..9 of each 12 are small enough; their 統一編號 are valid, capital unknown → eligible via employees
    assert made["targets"] == made["eligible"] == sum(1 for i in range(40) if i % 12 <= 9)
    assert made["assigned"]["amei"] == 17 and made["assigned"]["bolin"] == 17
    shown = json.loads(_run(tmp_path, "campaigns", "show", str(made["id"]), "--json").stdout)
    assert {k: shown[k] for k in ("targets", "eligible", "unknown", "calls", "cases_opened")} == {
        "targets": 34, "eligible": 34, "unknown": 0, "calls": {}, "cases_opened": 0}
    listing = json.loads(_run(tmp_path, "campaigns", "calls", str(made["id"]), "--as", "amei", "--json").stdout)
    firm = listing["firms"][0]
    assert firm["county"] == "臺中市" and listing["pending"] == 17
    done = _run(tmp_path, "campaigns", "record", str(made["id"]), "--ubn", firm["ubn"], "--outcome",
                "interested", "--as", "amei", "--facts", '{"registered_trader": true}', "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["case_no"]
    shown = json.loads(_run(tmp_path, "campaigns", "show", str(made["id"]), "--json").stdout)
    assert shown["calls"] == {"interested": 1} and shown["cases_opened"] == 1
    bolins = json.loads(_run(tmp_path, "campaigns", "calls", str(made["id"]), "--as", "bolin",
                             "--json").stdout)["firms"][0]["ubn"]
    done = _run(tmp_path, "campaigns", "record", str(made["id"]), "--ubn", bolins, "--outcome",
                "reached", "--as", "amei")
    assert done.returncode == 2 and done.stderr.startswith("錯誤：") and "通話名單" in done.stderr
    done = _run(tmp_path, "campaigns", "create", "x", "--measure", "small-mfg-upgrade-grant",
                "--where", "color=red", "--json")
    assert done.returncode == 2 and "color" in done.stderr and done.stdout == ""
