"""Done-when of issue 29 in Debian's chromium on a real `fudao serve` and `fudao worker`: a
consultant asks a firm for evidence on the case page; the firm follows the e-mail's link (the
file mail backend), answers and uploads a PDF; the case is back in progress with the file and
the answer on it; the consultant resolves it with a reason, and the firm is told by e-mail."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from browserkit import FUDAO, login, new_page, served

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SRC = Path(__file__).resolve().parents[2] / "src"
PASSWORD = "Consult-2026-pass"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MAKE_USER = ("from fudao import bootstrap; bootstrap.setup(); from fudao.accounts.services import add_user; "
             f"add_user(username='lin', role='consultant', password='{PASSWORD}')")


def _mails(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.log"))]


def test_consultant_asks_firm_replies_with_a_pdf_case_resolved(tmp_path, browser):
    root = tmp_path / "site"
    mail = root / "mail"
    env = {k: v for k, v in os.environ.items() if k not in ("FUDAO_DB", "DJANGO_SETTINGS_MODULE")}
    env.update(FUDAO_DATA_DIR=str(root), FUDAO_EMAIL_FILE_PATH=str(mail),
               FUDAO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
               PYTHONPATH=os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]))
    root.mkdir()
    subprocess.run([sys.executable, "-c", MAKE_USER], env=env, check=True, capture_output=True, timeout=120)
    opened = subprocess.run([*FUDAO, "cases", "open", "--channel", "hotline", "--kind", "financing",
                             "--contact-name", "陳經理", "--contact-phone", "04-2222-3333",
                             "--contact-email", "chen@example.tw", "--summary", "營收衰退，申請紓困貸款",
                             "--assign", "lin", "--json"], env=env, check=True, capture_output=True,
                            text=True, timeout=120)
    case_no = re.search(r'"case_no": "([^"]+)"', opened.stdout).group(1)
    evidence = tmp_path / "營收衰退證明.pdf"
    evidence.write_bytes(PDF)

    def worker() -> None:
        subprocess.run([*FUDAO, "worker", "--once"], env=env, check=True, capture_output=True, timeout=120)

    with served(env, "--threads", "4") as base:
        with new_page(browser) as desk:
            login(desk, base, "lin", PASSWORD)
            desk.goto(f"{base}/desk/cases/{case_no}/")
            desk.select_option("#msg-kind", "request_info")
            desk.fill("#message-form textarea", "請提供近3個月營收衰退的佐證資料")
            desk.click("#message-form button[type=submit]")
            desk.wait_for_selector("#messages:has-text('已排入寄送')")
            assert desk.inner_text("#case-status") == "待企業回覆"

            worker()
            (sent,) = _mails(mail)
            assert "chen@example.tw" in sent and "營收衰退的佐證資料" in sent
            link = re.search(r"(http://\S+/reply/\S+)", sent).group(1)

            with new_page(browser) as firm:
                firm.goto(link)
                assert "營收衰退的佐證資料" in firm.inner_text("#reply-question")
                firm.fill("#f-text", "附上營收衰退證明")
                firm.set_input_files("#f-files", str(evidence))
                firm.click("#reply-form button[type=submit]")
                firm.wait_for_selector("#reply-done")

            desk.goto(f"{base}/desk/cases/{case_no}/")
            assert desk.inner_text("#case-status") == "處理中"
            assert "營收衰退證明.pdf" in desk.inner_text("#attachment-list")
            timeline = desk.inner_text("#timeline")
            assert "企業回覆（附 1 個檔案）" in timeline and "附上營收衰退證明" in timeline
            with desk.expect_download() as got:
                desk.click("#attachment-list a")
            assert Path(got.value.path()).read_bytes() == PDF

            desk.select_option("#f-status", label="已解決")
            desk.select_option("#f-reason", label="已協助申請")
            desk.click("#status-form button[type=submit]")
            desk.wait_for_selector("#messages:has-text('案件狀態已改為「已解決」')")
            assert desk.inner_text("#case-reason") == "已協助申請"
            desk.select_option("#msg-kind", "resolved")
            desk.fill("#message-form textarea", "已協助您申請紓困貸款，後續由銀行聯繫")
            desk.click("#message-form button[type=submit]")
            desk.wait_for_selector("#messages:has-text('已排入寄送')")
            worker()
            told = _mails(mail)
            assert len(told) == 2 and "已處理完成" in told[-1] and "chen@example.tw" in told[-1]
            assert desk.problems == []
        with new_page(browser) as late:  # the link is dead once the case is resolved
            assert late.goto(link).status == 404
