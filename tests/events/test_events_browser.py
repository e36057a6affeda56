"""Done-when of issue 12 in Debian's chromium on a real `fudao serve`: three people register
for a two-seat event (the third is waitlisted), one cancels through the private link, the third
is promoted (and e-mailed), a consultant signs in, checks attendees in and sees the figures;
everyone registered is e-mailed their cancel link; a consultation day's free slot is booked on
its page without JavaScript."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from browserkit import FUDAO, served, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SRC = Path(__file__).resolve().parents[2] / "src"
PASSWORD = "Consult-2026-pass"
PEOPLE = [("王小明", "02-2345-0001", "a@example.tw"), ("李小華", "02-2345-0002", "b@example.tw"),
          ("陳大同", "02-2345-0003", "c@example.tw")]
MAKE_USER = ("from fudao import bootstrap; bootstrap.setup(); from fudao.accounts.services import add_user; "
             f"add_user(username='consultant1', role='consultant', password='{PASSWORD}')")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Path, dict[str, str]]]:
    """`fudao serve` over a fresh SQLite store with a two-seat event and a consultant; the
    e-mails the worker sends land in the returned folder."""
    from test_events_cli import _when  # the same ISO helper as the CLI tests

    root = tmp_path_factory.mktemp("events-site")
    mail = root / "mail"
    env = {k: v for k, v in os.environ.items() if k not in ("FUDAO_DB", "DJANGO_SETTINGS_MODULE")}
    env.update(FUDAO_DATA_DIR=str(root), FUDAO_EMAIL_FILE_PATH=str(mail),
               FUDAO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
               PYTHONPATH=os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]))
    subprocess.run([*FUDAO, "events", "add", "smes-0520", "--kind", "info_session", "--title",
                    "中堅企業輔導措施說明會", "--starts-at", _when(10), "--ends-at", _when(10, 3),
                    "--region", "北區", "--venue", "臺北市中正區", "--capacity", "2"],
                   env=env, check=True, capture_output=True, timeout=120)
    day = dt.datetime.now().replace(microsecond=0) + dt.timedelta(days=12)
    at = [(day + dt.timedelta(hours=h)).isoformat() for h in range(3)]
    subprocess.run([*FUDAO, "events", "add", "day-0601", "--kind", "consultation_day", "--title",
                    "專業諮詢日（法律、會計、財務）", "--starts-at", at[0], "--ends-at", at[2],
                    "--capacity", "4"], env=env, check=True, capture_output=True, timeout=120)
    for n, (expert, kind) in enumerate((("陳律師", "lawyer"), ("林會計師", "accountant"))):
        subprocess.run([*FUDAO, "events", "slot", "day-0601", "--starts-at", at[n], "--ends-at", at[n + 1],
                        "--expert", expert, "--expert-kind", kind],
                       env=env, check=True, capture_output=True, timeout=120)
    subprocess.run([sys.executable, "-c", MAKE_USER], env=env, check=True, capture_output=True, timeout=120)
    with served(env, "--threads", "4") as base:
        yield base, mail, env


def register(tab, base: str, name: str, phone: str, email: str) -> tuple[str, str]:
    """Register through the public pages; the result text and the private cancel link."""
    tab.goto(base + "/events/")
    tab.click("text=中堅企業輔導措施說明會")
    tab.fill("#r-name", name)
    tab.fill("#r-org", "範例股份有限公司")
    tab.fill("#r-phone", phone)
    tab.fill("#r-email", email)
    tab.check("#r-consent")
    tab.click("#r-submit")
    tab.wait_for_selector("#result")
    return tab.inner_text("#result-status"), tab.get_attribute("#cancel-link", "href") or ""


def figures(tab) -> dict[str, int]:
    return {k: int(tab.inner_text(f"#n-{k}")) for k in ("registered", "waitlisted", "cancelled", "attended")}


def status_of(tab, name: str) -> str:
    return tab.locator("#registrations tr", has_text=name).locator("td").nth(7).inner_text()


def test_register_waitlist_cancel_promote_and_attend(browser, site):
    base, mail, env = site
    context = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems: list[str] = []
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    results = [register(tab, base, *p) for p in PEOPLE]
    assert "已完成報名" in results[0][0] and "已完成報名" in results[1][0]
    assert "候補第 1 位" in results[2][0]
    shot(tab, "events-waitlisted")

    tab.goto(base + "/events/smes-0520/")
    tab.fill("#r-name", "重複者")
    tab.fill("#r-phone", "(02)2345-0001")
    tab.fill("#r-email", "new@example.tw")
    tab.click("#r-submit")
    assert "已報名本活動" in tab.inner_text("#form-error")

    # The first registrant cancels through the private link of their result page.
    tab.goto(results[0][1])
    assert "王小明" in tab.inner_text("main")
    tab.click("#confirm-cancel")
    assert "已取消" in tab.inner_text("#cancel-result")
    shot(tab, "events-cancelled")

    # A consultant signs in and sees the third registrant promoted.
    tab.goto(base + "/staff/events/smes-0520/")
    assert "/accounts/login/" in tab.url
    tab.fill("#id_username", "consultant1")
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_selector("#figures")
    assert figures(tab) == {"registered": 2, "waitlisted": 0, "cancelled": 1, "attended": 0}
    assert status_of(tab, "陳大同") == "已報名" and status_of(tab, "王小明") == "已取消"
    subprocess.run([*FUDAO, "worker", "--once"], env=env, check=True, capture_output=True, timeout=120)
    mails = [p.read_text(encoding="utf-8") for p in mail.glob("*.log")]
    promotion = [m for m in mails if "已轉為正取" in m]
    assert len(promotion) == 1 and "c@example.tw" in promotion[0]
    confirmations = [m for m in mails if "專屬取消連結" in m]  # the cancelled registrant gets none
    assert len(confirmations) == 2 and results[1][1] in "".join(confirmations)

    # Check-in: one click per attendee (htmx swaps the row in place).
    tab.click("text=現場報到")
    for name in ("李小華", "陳大同"):
        tab.click(f"button[aria-label='{name} 報到']")
        tab.locator("#check-in tr", has_text=name).locator(".badge", has_text="已報到").wait_for()
    shot(tab, "events-check-in")
    tab.click("text=報名名單")
    tab.wait_for_selector("#figures")
    assert figures(tab) == {"registered": 2, "waitlisted": 0, "cancelled": 1, "attended": 2}
    shot(tab, "events-staff-figures")

    # The sign-in sheet prints without the site's header.
    tab.click("text=簽到表（列印）")
    tab.emulate_media(media="print")
    assert not tab.locator(".site-header").is_visible()
    assert tab.locator(".sign-in-sheet").is_visible() and "陳大同" in tab.inner_text(".sign-in-sheet")
    expected = "the server responded with a status of 409"  # the duplicate's answer, on purpose
    assert [p for p in problems if expected not in p] == []
    context.close()


def test_book_a_consultation_day_slot_without_javascript(browser, site):
    base, _mail, _env = site
    context = browser.new_context(locale="zh-TW", java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(base + "/events/day-0601/")
    assert "陳律師" in tab.inner_text("#slots") and "會計師" in tab.inner_text("#slots")
    assert tab.locator("#r-submit").count() == 0  # booking replaces registration here
    tab.check("text=會計師 林會計師")
    tab.fill("#b-name", "林美玲")
    tab.fill("#b-org", "林記食品")
    tab.fill("#b-phone", "04-2345-6789")
    tab.fill("#b-email", "lin@example.tw")
    tab.fill("#b-question", "營業稅申報的問題")
    tab.click("#b-submit")
    tab.wait_for_selector("#booked")
    case_no = tab.inner_text("#booked-case-no")
    assert case_no and "林會計師" in tab.inner_text("#booked")
    shot(tab, "events-slot-booked")
    tab.goto(base + "/events/day-0601/")
    assert "已預約" in tab.locator("#slots tr", has_text="林會計師").inner_text()
    assert case_no not in tab.inner_text("main")
    context.close()
