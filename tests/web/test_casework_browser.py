"""The casework walk in a browser on a real `fudao serve` over a temp SQLite store: a visit, a
diagnosis recommending two measures, an application approved and disbursed, the follow-up the
approval scheduled; then a real `fudao worker` process (file mail backend) sends that
follow-up's reminder exactly once, and the enterprise page shows the amounts."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from browserkit import FUDAO, served, shot, store_env

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TAIPEI = ZoneInfo("Asia/Taipei")
UBN = "04595257"
LOAN, GRANT = "smb-diverse-loan-plus", "overseas-orders-grant"
SETUP = """
import datetime as dt
from django.utils import timezone
from fudao import bootstrap
bootstrap.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from fudao.accounts.services import add_team, add_user
from fudao.cases.services import open_case
add_team(slug="north", name="北區服務中心", counties=["臺北市"])
add_user(username="alice", role="consultant", password="Alice-pass-2024", team="north", email="alice@example.tw")
add_user(username="sue", role="supervisor", password="Sue-pass-2024", team="north", email="sue@example.tw")
from fudao.accounts.services import actor_by_name
case = open_case(channel="hotline", kind="counselling", by=actor_by_name("alice"), ubn="UBN_HERE",
                 enterprise_name="測試精密機械", assignee="alice",
                 facts={"registered_trader": True, "employees": 30, "industry_section": "C", "county": "臺北市"},
                 opened_at=timezone.now() - dt.timedelta(days=60))
user = get_user_model().objects.get(username="alice")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(case.case_no, session.session_key)
""".replace("UBN_HERE", UBN)


def local(days_ago: float) -> str:
    """A datetime-local value `days_ago` days back, Taipei time."""
    return (dt.datetime.now(TAIPEI) - dt.timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def store(tmp_path):  # type: ignore[no-untyped-def]
    env = store_env(tmp_path / "store")
    env["FUDAO_EMAIL_BACKEND"] = "file"
    env["FUDAO_EMAIL_FILE_PATH"] = str(tmp_path / "mail")
    out = subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True,
                         timeout=180).stdout.split()
    with served(env, "--threads", "4") as base:
        yield {"env": env, "base": base, "case_no": out[-2], "session": out[-1], "mail": tmp_path / "mail"}


def mails(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.log"))] if folder.exists() else []


def submit(tab, form: str, expect: str) -> None:  # type: ignore[no-untyped-def]
    tab.click(f"{form} button[type=submit]")
    tab.wait_for_selector("#messages")
    flash = tab.inner_text("#messages")
    assert expect in flash, (flash, tab.inner_text("#casework-error") if tab.query_selector("#casework-error") else "")
    open_sections(tab)


def open_sections(tab) -> None:  # type: ignore[no-untyped-def]
    """The case page's casework sections are <details>; open them all."""
    tab.evaluate("() => document.querySelectorAll('details.cw-section').forEach(d => { d.open = true; })")


def pick(tab, measure_id: str, slot: int) -> None:  # type: ignore[no-untyped-def]
    """A diagnosis measure: its triage checkbox, else typed into the searchable picker."""
    box = tab.locator(f"#diagnosis-form input[name=measure][value='{measure_id}']")
    if box.count():
        box.check()
    else:
        tab.fill(f"#cw-diagnosis-measure_more{slot}", measure_id)


def test_casework_walk_and_one_reminder_from_a_real_worker(store, browser):
    base, case_no = store["base"], store["case_no"]
    with contextlib.closing(browser.new_context(locale="zh-TW",
                                                viewport={"width": 1280, "height": 900})) as context:
        context.add_cookies([{"name": "sessionid", "value": store["session"], "url": base}])
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        problems: list[str] = []
        tab.on("pageerror", lambda e: problems.append(str(e)))
        tab.goto(f"{base}/desk/cases/{case_no}/casework/")
        open_sections(tab)

        tab.select_option("#cw-visit-mode", "onsite")
        tab.fill("#cw-visit-experts", "王大明, 林技師")
        tab.fill("#cw-visit-at", local(50))
        submit(tab, "#visit-form", "已記錄訪視")

        tab.fill("#cw-diagnosis-finding_finance", "營運資金不足，需週轉")
        tab.fill("#cw-diagnosis-finding_market", "外銷集中美國市場")
        pick(tab, LOAN, 1)
        pick(tab, GRANT, 2)
        submit(tab, "#diagnosis-form", "已記錄診斷")
        diagnosis = tab.locator("#timeline li.activity", has_text="，建議措施：").first.inner_text()
        assert diagnosis.count("『") == 2, diagnosis

        for stage, amount, days in (("submitted", "", 45), ("approved", "2億6,180萬", 40),
                                    ("disbursed", "261,800,000", 35)):
            tab.select_option("#cw-application-measure_id", LOAN)
            tab.select_option("#cw-application-stage", stage)
            tab.fill("#cw-application-amount_twd", amount)
            tab.fill("#cw-application-at", local(days))
            submit(tab, "#application-form", "已記錄申請措施")
        # a stage out of order is refused with the field named, nothing written
        tab.select_option("#cw-application-measure_id", GRANT)
        tab.select_option("#cw-application-stage", "disbursed")
        tab.fill("#cw-application-amount_twd", "100萬")
        tab.click("#application-form button[type=submit]")
        assert "順序不符" in tab.inner_text("#casework-error")
        tab.goto(f"{base}/desk/cases/{case_no}/casework/")
        approval_follow_up = tab.locator("#open-follow-ups li", has_text="核定後 30 天")
        assert approval_follow_up.count() == 1
        assert "逾期" in approval_follow_up.inner_text()
        shot(tab, "casework-case")

        tab.goto(f"{base}/desk/followups/")
        assert "逾期 1 件" in tab.inner_text("#due-title")
        assert "alice：1 件" in tab.inner_text("#overdue-consultants")

        # a real worker process sweeping every second sends the reminder once
        # (its log goes to a file: a pipe nobody reads would fill and stall the worker)
        log = (store["mail"].parent / "worker.log").open("w+", encoding="utf-8")
        worker = subprocess.Popen([*FUDAO, "worker", "--every", "1", "--interval", "0.2"], env=store["env"],
                                  stdout=subprocess.DEVNULL, stderr=log, text=True)
        try:
            deadline = time.monotonic() + 60
            while not mails(store["mail"]) and time.monotonic() < deadline:
                assert worker.poll() is None, log.seek(0) or log.read()
                time.sleep(0.3)
            time.sleep(4)  # several more sweeps
        finally:
            worker.terminate()  # the worker finishes the task it is running, then stops
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            log.close()
        subprocess.run([*FUDAO, "worker", "--once"], env=store["env"], check=True, capture_output=True,
                       timeout=120)
        sent = mails(store["mail"])
        assert len(sent) == 1, sent
        assert sum(m.count("\nSubject:") for m in sent) == 1
        assert case_no in sent[0] and "alice@example.tw" in sent[0] and "核定後 30 天" in sent[0]

        tab.goto(f"{base}/desk/cases/{case_no}/casework/")
        open_sections(tab)
        item = tab.locator("#open-follow-ups li", has_text="核定後 30 天")
        item.locator("select").select_option("done")
        item.locator("input[name=note]").fill("已電訪，撥款已入帳")
        item.locator("button").click()
        tab.wait_for_selector("#messages")
        assert "已完成" in tab.inner_text("#messages")
        assert tab.locator("#open-follow-ups li", has_text="核定後 30 天").count() == 0

        tab.goto(f"{base}/desk/enterprises/{UBN}/")
        assert tab.inner_text("#total-approved") == "2億6,180萬元"
        assert tab.inner_text("#total-disbursed") == "2億6,180萬元"
        assert case_no in tab.inner_text("#cases")
        assert tab.locator("#activities li.activity-visit").count() == 1
        shot(tab, "casework-enterprise")
        assert not problems, problems
