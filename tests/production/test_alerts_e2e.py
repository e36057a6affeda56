"""Alerts end to end on a served store with the real worker (the issue's done-when): a visitor
saves their profile from the eligibility check's results and confirms from the e-mail the
worker sent; then a new document that declares a measure fitting them (a fixture written for
this test, not a corpus file) is ingested with `fudao ingest FILE --publish` and the measure's
rules are loaded with `fudao rules load FILE --publish`: exactly one digest naming the measure,
its cap and its source. A second publish of the same (the document again, the rules again)
sends nothing; after the one-click unsubscribe, the next publish (a raised cap) sends nothing
either."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from browserkit import FUDAO, new_page, python_in_store, served, store_env
from fudao.web.templatetags.fudao_web import twd

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENT = FIXTURES / "905_a1e27a1e27a1e270.txt"  # declares 出口廠商數位拓銷補助 (國貿署)
MEASURE = "m-83eae7f1"  # the id the catalogue gives that measure (a hash of its name)
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


def publish_rules(env: dict[str, str], folder: Path, cap: int, note: str = "") -> bool:
    """`fudao rules load --publish` of the measure's rules (the fixture) with the cap set to
    `cap`; whether it was published now."""
    folder.mkdir(exist_ok=True)
    rule = (FIXTURES / "rules" / f"{MEASURE}.yaml").read_text(encoding="utf-8").replace(
        "value: 2500000", f"value: {cap}") + note
    tests = (FIXTURES / "rules" / f"{MEASURE}.tests.yaml").read_text(encoding="utf-8").replace(
        "max_amount_twd: 2500000", f"max_amount_twd: {cap}")
    (folder / f"{MEASURE}.yaml").write_text(rule, encoding="utf-8")
    (folder / f"{MEASURE}.tests.yaml").write_text(tests, encoding="utf-8")
    out = json.loads(run(env, "rules", "load", str(folder / f"{MEASURE}.yaml"), "--publish", "--json"))
    return bool(out["published_now"])


def as_if_yesterday(env: dict[str, str]) -> None:
    """As if the last digest went out yesterday, so that the one-a-day rule cannot be what
    stops the next one."""
    python_in_store(env, "import datetime as dt\nfrom fudao.alerts.models import Subscription as S\n"
                         "S.objects.exclude(last_alert_at=None).update(last_alert_at="
                         "S.objects.get().last_alert_at - dt.timedelta(days=1))")


def test_save_confirm_alert_once_then_unsubscribe(browser, site):
    base, mail, env, root = site
    with new_page(browser) as tab:
        tab.goto(base + "/check/")
        tab.evaluate("facts => { document.querySelector('input[name=answers]').value = facts;"
                     " document.querySelector('input[name=asked]').value = ''; }",  # answers given before
                     json.dumps(FIRM))
        tab.click("button[value=results]")
        assert "資格檢測結果" in tab.inner_text("h1")
        assert "出口廠商數位拓銷補助" not in tab.inner_text("main"), "not in the catalogue yet"
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

        ingested = json.loads(run(env, "ingest", str(DOCUMENT), "--publish", "--json"))
        assert ingested["documents"][0]["status"] == "added", ingested
        run(env, "worker", "--once")
        assert len(mails(mail)) == 1, "a measure without rules fits nobody yet"
        assert publish_rules(env, root / "v1", 2_500_000)
        run(env, "worker", "--once")
        sent = mails(mail)[1:]
        assert len(sent) == 1, sent
        digest = sent[0]
        assert "出口廠商數位拓銷補助" in digest and "新符合資格" in digest
        assert twd(2_500_000) in digest
        assert re.search(r"依據：905_a1e27a1e27a1e270 第 \d+–\d+ 行", digest)
        tab.goto(base + f"/measures/{MEASURE}/")
        assert "出口廠商數位拓銷補助" in tab.inner_text("h1"), "published in the catalogue"

        as_if_yesterday(env)
        run(env, "ingest", str(DOCUMENT), "--publish")
        assert publish_rules(env, root / "v2", 2_500_000, note="# republished unchanged in substance\n")
        run(env, "worker", "--once")
        assert len(mails(mail)) == 2, "a second publish of the same measure sends nothing"

        tab.goto(re.search(r"取消通知（按一下即生效）：(\S+)", digest).group(1))
        assert "已取消通知" in tab.inner_text("h1")
        as_if_yesterday(env)
        assert publish_rules(env, root / "v3", 3_000_000)
        run(env, "worker", "--once")
        assert len(mails(mail)) == 2, "unsubscribed: no more e-mail"
