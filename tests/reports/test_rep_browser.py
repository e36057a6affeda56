"""The reports dashboard in a real browser: an analyst signs in, reads the year's figures as the
ministry prints them, regroups by team, and the chart stands beside its table."""

from __future__ import annotations

from pathlib import Path

import pytest

from browserkit import login, new_page, python_in_store, served, shot, store_env

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "Analyst-pass-2026"

ARRANGE = f"""
import datetime as dt
from zoneinfo import ZoneInfo
from fudao.accounts.actors import LOCAL
from fudao.accounts.services import add_team, add_user
from fudao.cases import services as cs
T = ZoneInfo("Asia/Taipei")
add_team(slug="north", name="北區服務中心")
add_user(username="wu", role="analyst", password="{PASSWORD}")
for i in range(3):
    c = cs.open_case(channel="hotline", kind="financing", by=LOCAL, team="north",
                     opened_at=dt.datetime(2023, 2 + i, 3, 10, tzinfo=T))
    cs.log_activity(case_no=c.case_no, type="financing_outcome", by=LOCAL,
                    at=dt.datetime(2023, 2 + i, 4, 10, tzinfo=T), data={{"amount_twd": "8,000萬", "bank": "臺灣銀行"}})
"""


def test_analyst_reads_the_dashboard(browser, tmp_path: Path) -> None:
    env = store_env(tmp_path)
    python_in_store(env, ARRANGE)
    with served(env) as base, new_page(browser) as tab:
        login(tab, base, "wu", PASSWORD)
        tab.goto(base + "/reports/?year=112")
        figures = tab.inner_text(".headline")
        assert "受理諮詢服務 3 案次" in figures
        assert "取得融資金額 2億4,000萬元" in figures
        tab.select_option("select[name=by]", "team")
        tab.click("form.filters button[type=submit]")
        tab.wait_for_selector(".chart-and-table svg")
        block = tab.locator(".chart-block").first
        assert block.locator("svg rect").count() == 1
        assert "北區服務中心" in block.locator("table").inner_text()
        shot(tab, "reports-dashboard")
        assert not tab.problems, tab.problems
