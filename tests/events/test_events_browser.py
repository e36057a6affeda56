"""Done-when of issue 12 in Debian's chromium on a real `fudao serve`: three people register
for a two-seat event (the third is waitlisted), one cancels through the private link, the third
is promoted (and e-mailed), a consultant signs in, checks attendees in and sees the figures."""

from __future__ import annotations

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
    promotion = [p.read_text(encoding="utf-8") for p in mail.glob("*.log")]
    assert len(promotion) == 1 and "c@example.tw" in promotion[0]

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
