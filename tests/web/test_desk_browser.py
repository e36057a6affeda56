"""The issue's "Done when" flow in Debian's chromium against a real `fudao serve`: a consultant
takes a hotline call through intake (the 統一編號 lookup fills the enterprise), reads the triage,
assigns the case to herself, logs a call, waits on the enterprise, resumes, resolves and closes;
the page's history and SLA figures are checked. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from browserkit import FUDAO, served, shot, store_env
from fudao.zhtext.ubn import synthetic_ubn

pytestmark = [pytest.mark.browser, pytest.mark.slow]

UBN = synthetic_ubn(777)
PASSWORD = "browser-desk-pass-2025"
SETUP = f"""
from fudao import bootstrap
bootstrap.setup()
from fudao.accounts.services import add_team, add_user
from fudao.enterprises.services import upsert_enterprise
add_team(slug="north", name="北區服務中心", counties=["臺北市"])
add_user(username="mei", role="consultant", password="{PASSWORD}", team="north")
upsert_enterprise(ubn="{UBN}", facts={{"name": "台灣精密機械股份有限公司", "county": "臺中市",
                                     "industry_section": "C", "employees": 30}})
"""
CASE_JSON = """
import json, sys
from fudao import bootstrap
bootstrap.setup()
from fudao.accounts.actors import LOCAL
from fudao.cases import selectors
print(json.dumps(selectors.case_json(LOCAL, selectors.get_case(LOCAL, sys.argv[1]))))
"""


@pytest.fixture(scope="module")
def desk_site(corpus_dir, tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    """`fudao serve` over a fresh store with the corpus, one consultant and one enterprise."""
    env = store_env(str(tmp_path_factory.mktemp("desk-store")))
    subprocess.run([*FUDAO, "ingest", str(corpus_dir), "--publish", "--json"], env=env, check=True,
                   capture_output=True, timeout=300)
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, timeout=120)
    with served(env, "--threads", "4") as base:
        yield base, env


def case_json(env: dict[str, str], case_no: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CASE_JSON, case_no], env=env, check=True,
                         capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout)


def message(page) -> str:
    return page.inner_text("#messages")


def change_status(page, label: str) -> None:
    page.select_option("#f-status", label=label)
    if label in ("已解決", "已結案"):
        page.select_option("#f-reason", label="已答覆")
    page.click("#status-form button[type=submit]")
    page.wait_for_selector(f"#messages:has-text('案件狀態已改為「{label}」')")
    assert page.inner_text("#case-status") == label


def test_hotline_call_from_intake_to_closing(browser, desk_site):
    from fudao.cases import sla

    base, env = desk_site
    context = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(base + "/desk/")
    assert "/accounts/login/" in page.url  # staff pages need a login
    page.fill("#id_username", "mei")
    page.fill("#id_password", PASSWORD)
    page.click("form.form-narrow button[type=submit]")
    page.wait_for_url(re.compile(r"/desk/$"))
    page.click("nav >> text=受理來電")
    page.wait_for_selector("h1:has-text('受理來電')")
    assert page.input_value("#f-channel") == "hotline"

    # the 統一編號 lookup (htmx) fills the enterprise while the consultant keeps typing
    page.select_option("#f-kind", "financing")
    page.fill("#f-ubn", UBN)
    page.press("#f-ubn", "Tab")
    page.wait_for_selector("#found-name")
    assert page.input_value("#f-enterprise_name") == "台灣精密機械股份有限公司"
    assert page.input_value("#f-county") == "臺中市"
    assert "沒有未結案件" in page.inner_text("#lookup-result")
    page.fill("#f-contact_name", "張經理")
    page.fill("#f-contact_phone", "04-2345-6789")
    page.fill("#f-contact_email", "chang@example.com")
    page.check("#f-consent")
    page.check("input[name=needs][value=finance]")
    page.fill("#f-summary", "受美國關稅影響的企業可以申請哪些貸款")
    page.uncheck("#f-assign_to_me")
    shot(page, "desk-intake")
    page.click("#save-intake")
    page.wait_for_url(re.compile(r"/desk/cases/\d{3}-\d{6}/$"))
    case_no = re.search(r"/desk/cases/(\d{3}-\d{6})/", page.url).group(1)
    assert f"已受理，案號 {case_no}" in message(page)
    assert page.inner_text("#case-assignee") == "未指派"

    # triage: the cited answer to the summary and the measures with status, cap and sources
    answer = page.inner_text("#triage-answer")
    assert re.search(r"文件 \d{3} 第 \d+", answer)
    measures = page.inner_text("#triage-measures")
    assert re.search(r"符合資格|可能符合", measures) and "依據：文件" in measures
    assert "未達成" not in page.inner_text("#sla-first_response")
    assert "計時中" in page.inner_text("#sla-first_response")
    shot(page, "desk-case-triage")

    page.click("#assign-form button:has-text('由我承辦')")
    page.wait_for_selector("#messages:has-text('案件已指派給 mei')")
    assert page.inner_text("#case-assignee") == "mei"

    page.select_option("#f-type", "call")
    page.select_option("#f-direction", "out")
    page.fill("#f-text", "回電說明融資協處與貸款保證")
    page.click("#log-form button[type=submit]")
    page.wait_for_selector("#messages:has-text('已記錄電話')")
    assert "達成" in page.inner_text("#sla-first_response")

    change_status(page, "待企業回覆")
    assert "暫停計時" in page.inner_text("#sla-resolution")
    shot(page, "desk-case-waiting")
    change_status(page, "處理中")
    change_status(page, "已解決")
    change_status(page, "已結案")
    assert page.locator("#status-form option").all_inner_texts() == ["處理中"]  # only reopening

    # the history on the page, newest first
    entries = [re.sub(r"\n+", "\n", t.split("\n", 1)[1].strip()) for t in page.locator("#timeline li").all_inner_texts()]
    assert entries == [
        "狀態：已解決 → 已結案", "結案原因：已答覆", "狀態：處理中 → 已解決", "狀態：待企業回覆 → 處理中",
        "狀態：新案 → 待企業回覆", "電話（去電）\n回電說明融資協處與貸款保證",
        "承辦人：mei", "開案（新案）"], entries
    assert all("mei" in t for t in page.locator("#timeline li .when").all_inner_texts()[:-1])

    # the SLA figures shown are the store's, and follow DESIGN's working-time rules
    doc = case_json(env, case_no)
    assert doc["sla"] == {"first_response": "met", "resolution": "met"}
    opened = dt.datetime.fromisoformat(doc["opened_at"])
    assert dt.datetime.fromisoformat(doc["first_response_due"]) == sla.first_response_due("financing", opened, "hotline")
    first_row = page.locator("#sla-first_response time").first.get_attribute("datetime")
    resolution_row = page.locator("#sla-resolution time").first.get_attribute("datetime")
    assert dt.datetime.fromisoformat(first_row) == dt.datetime.fromisoformat(doc["first_response_due"])
    assert dt.datetime.fromisoformat(resolution_row) == dt.datetime.fromisoformat(doc["resolution_due"])
    due_text = page.inner_text("#sla-first_response")
    due_local = dt.datetime.fromisoformat(doc["first_response_due"]).astimezone(opened.tzinfo)
    assert f"民國{due_local.year - 1911}年{due_local.month}月{due_local.day}日 {due_local:%H:%M}" in due_text
    assert "達成" in page.inner_text("#sla-resolution")
    assert [h["new"] for h in doc["history"] if h["field"] == "status"] == [
        "new", "waiting_enterprise", "in_progress", "resolved", "closed"]
    assert [a["type"] for a in doc["activities"]] == ["call"]
    shot(page, "desk-case-closed")

    # the case list finds it; the queue no longer lists it (closed)
    page.goto(base + f"/desk/cases/?q={case_no}")
    assert "共 1 件" in page.inner_text("#rows-title")
    page.goto(base + "/desk/")
    assert case_no not in page.inner_text("main")
    assert not problems, problems
    context.close()


def test_intake_lookup_and_public_pages_without_javascript(browser, desk_site):
    base, _ = desk_site
    context = browser.new_context(java_script_enabled=False, locale="zh-TW")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(base + "/inquiry/")
    page.fill("#f-name", "林小姐")
    page.fill("#f-org", "林記商行")
    page.fill("#f-phone", "02-8765-4321")
    page.fill("#f-question", "想了解數位轉型補助")
    page.check("#f-consent")
    page.click("#inquiry-form button[type=submit]")
    page.wait_for_selector("#inquiry-case-no")
    case_no = page.inner_text("#inquiry-case-no")
    shot(page, "desk-inquiry-sent")
    page.goto(base + "/status/")
    page.fill("#f-case_no", case_no)
    page.fill("#f-last4", "4321")
    page.click("#status-form button[type=submit]")
    page.wait_for_selector("#status-label")
    assert page.inner_text("#status-label") == "新案"

    page.goto(base + "/accounts/login/?next=/desk/intake/")
    page.fill("#id_username", "mei")
    page.fill("#id_password", PASSWORD)
    page.click("form.form-narrow button[type=submit]")
    page.wait_for_selector("h1:has-text('受理來電')")
    page.fill("#f-ubn", UBN)
    page.click("#lookup-button")  # a plain submit without JavaScript
    page.wait_for_selector("#found-name")
    assert page.input_value("#f-enterprise_name") == "台灣精密機械股份有限公司"
    context.close()
