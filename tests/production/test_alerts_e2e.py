"""Alerts end to end on a served store with the real worker: a visitor saves their profile from
the eligibility check's results, confirms from the e-mail the worker sent, and after a rules
file that raises the cap of a measure fitting them is published with `fudao rules load
--publish`, receives exactly one digest naming the measure, its cap and its source; a second
publish of the same measure sends nothing; after the one-click unsubscribe, the next publish
sends nothing either."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from browserkit import FUDAO, new_page, python_in_store, served, store_env
from fudao.rules.loader import DATA_DIR
from fudao.web.templatetags.fudao_web import twd

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MEASURE = "export-loan-guarantee-plus"
FIRM = {"org_type": "company", "industry_section": "C", "employees": 30,
        "paid_in_capital_twd": 20_000_000, "factory_registration": "registered",
        "registered_trader": True, "us_export_within_3y": True, "us_tariff_affected": True,
        "revenue_drop_pct_vs_2024_same_period": 12}


@pytest.fixture(scope="module")
def site(corpus_dir, tmp_path_factory) -> Iterator[tuple[str, Path, dict[str, str], Path]]:
    root = tmp_path_factory.mktemp("alerts-site")
    mail = root / "mail"
    env = store_env(root / "data", FUDAO_EMAIL_FILE_PATH=str(mail),
                    FUDAO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend")
    run(env, "ingest", str(corpus_dir), "--publish")
    run(env, "worker", "--once")  # the publish's screening: no subscription yet
    with served(env, "--threads", "2") as base:
        env["FUDAO_SITE_URL"] = base + "/"
        yield base, mail, env, root


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*FUDAO, *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def mails(folder: Path) -> list[str]:
    """Every message the file backend wrote, oldest file first."""
    out: list[str] = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime):
        out += [m for m in path.read_text(encoding="utf-8").split("-" * 79) if m.strip()]
    return out


def publish_cap(env: dict[str, str], folder: Path, cap: int, note: str = "") -> None:
    """`fudao rules load --publish` of the measure's shipped file with the SME cap set to `cap`."""
    folder.mkdir(exist_ok=True)
    rule = (DATA_DIR / f"{MEASURE}.yaml").read_text(encoding="utf-8").replace(
        "value: 60000000", f"value: {cap}") + note
    tests = (DATA_DIR / f"{MEASURE}.tests.yaml").read_text(encoding="utf-8").replace(
        "max_amount_twd: 60000000", f"max_amount_twd: {cap}")
    (folder / f"{MEASURE}.yaml").write_text(rule, encoding="utf-8")
    (folder / f"{MEASURE}.tests.yaml").write_text(tests, encoding="utf-8")
    out = json.loads(run(env, "rules", "load", str(folder / f"{MEASURE}.yaml"), "--publish", "--json"))
    assert out["published_now"] is True


def test_save_confirm_alert_once_then_unsubscribe(browser, site):
    base, mail, env, root = site
    with new_page(browser) as tab:
        tab.goto(base + "/check/")
        tab.evaluate("facts => { document.querySelector('input[name=answers]').value = facts;"
                     " document.querySelector('input[name=asked]').value = ''; }",  # answers given before
                     json.dumps(FIRM))
        tab.click("button[value=results]")
        assert "資格檢測結果" in tab.inner_text("h1")
        tab.fill("#alerts-email", "boss@example.tw")
        tab.check("#alerts-consent")
        tab.click("form.alerts-form button[type=submit]")
        assert "請至電子郵件確認訂閱" in tab.inner_text("h1")
        assert tab.problems == []

        run(env, "worker", "--once")
        (confirmation,) = mails(mail)
        assert "boss@example.tw" in confirmation and "List-Unsubscribe:" in confirmation
        tab.goto(re.search(r"http://\S+/alerts/confirm/\S+", confirmation).group(0))
        assert "已確認訂閱" in tab.inner_text("h1")

        publish_cap(env, root / "v2", 80_000_000)
        run(env, "worker", "--once")
        sent = mails(mail)[1:]
        assert len(sent) == 1, sent
        digest = sent[0]
        assert "外銷貸款優惠保證加碼" in digest and "金額上限提高" in digest
        assert twd(80_000_000) in digest
        assert re.search(r"依據：003_83f839b7bfa6266d 第 \d+–\d+ 行", digest)

        publish_cap(env, root / "v3", 80_000_000, note="# republished unchanged in substance\n")
        run(env, "worker", "--once")
        assert len(mails(mail)) == 2, "a second publish of the same measure sends nothing"

        tab.goto(re.search(r"取消通知（按一下即生效）：(\S+)", digest).group(1))
        assert "已取消通知" in tab.inner_text("h1")
        # as if the digest went out yesterday, so that only the unsubscribe can stop the next one
        python_in_store(env, "import datetime as dt\nfrom fudao.alerts.models import Subscription as S\n"
                             "S.objects.update(last_alert_at=S.objects.get().last_alert_at - dt.timedelta(days=1))")
        publish_cap(env, root / "v4", 90_000_000)
        run(env, "worker", "--once")
        assert len(mails(mail)) == 2, "unsubscribed: no more e-mail"
