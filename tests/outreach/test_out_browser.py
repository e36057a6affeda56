"""A consultant signs in on a real `fudao serve`, makes calls from her list in chromium, and sees
an `interested` firm become an outreach case (Debian's chromium, no JavaScript needed)."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from browserkit import FUDAO, served, shot, store_env
from fudao.zhtext.ubn import synthetic_ubn

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HERE = Path(__file__).resolve()

SEED = """
from pathlib import Path
from fudao import bootstrap
bootstrap.setup()
from fudao.accounts.services import add_user
from fudao.enterprises.registry import import_registry
add_user(username="amei", role="consultant", password="Fudao-test-1234")
add_user(username="bolin", role="consultant", password="Fudao-test-1234")
import_registry(Path("registry.csv"))
"""


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Iterator[tuple[str, dict, Path]]:
    """`fudao serve` over a fresh SQLite store with two consultants, a registry and a campaign."""
    folder = tmp_path_factory.mktemp("desk")
    env = store_env(folder / "data")
    src = str(HERE.parents[2] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    with (folder / "registry.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ubn", "name", "org_type", "industry_section", "employees", "county"])
        for i in range(8):
            writer.writerow([synthetic_ubn(700 + i), f"精密機械{i}", "company", "C", "" if i % 2 else str(i + 2),
                             "臺中市"])
    subprocess.run([sys.executable, "-c", SEED], env=env, cwd=folder, check=True, capture_output=True,
                   timeout=120)
    made = subprocess.run([*FUDAO, "campaigns", "create", "臺中小型製造業", "--measure",
                           "small-mfg-upgrade-grant", "--where", "county=臺中市",
                           "--consultants", "amei,bolin", "--on", "2026-01-20", "--json"],
                          env=env, cwd=folder, check=True, capture_output=True, text=True, timeout=120)
    campaign = json.loads(made.stdout)
    with served(env, "--threads", "4") as base:
        yield base, campaign, folder


def test_calls_from_a_list_and_an_interested_firm_becomes_a_case(desk, browser):
    base, campaign, _ = desk
    with contextlib.closing(browser.new_context(java_script_enabled=False, locale="zh-TW")) as context:
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        tab.goto(f"{base}/desk/campaigns/{campaign['id']}/calls/")
        assert "/accounts/login/" in tab.url
        tab.fill("#id_username", "amei")
        tab.fill("#id_password", "Fudao-test-1234")
        tab.click("button[type=submit]")
        tab.wait_for_selector("h1:has-text('我的通話名單')")
        pending = int(tab.inner_text("#pending"))
        assert pending == campaign["assigned"]["amei"]
        first = tab.inner_text("#firm-ubn")
        tab.click("button[value=not_reached]")
        tab.wait_for_selector("text=未接通")
        second = tab.inner_text("#firm-ubn")
        assert second != first
        questions = tab.locator("ol.questions select, ol.questions input")
        if questions.count():  # an undecided firm: answer what the call asks
            tab.fill("#fact_employees", "6")
        shot(tab, "outreach-call-list")
        tab.click("button[value=interested]")
        tab.wait_for_selector("text=已開立外撥案件")
        notice = tab.inner_text("p.notice")
        case_no = re.search(r"\d{3}-\d{6}", notice)
        assert case_no and second in notice
        tab.goto(f"{base}/desk/campaigns/{campaign['id']}/")
        assert tab.inner_text("#fig-cases") == "1"
        assert "有意願：1" in tab.inner_text("main") and "未接通：1" in tab.inner_text("main")
        shot(tab, "outreach-campaign-figures")
