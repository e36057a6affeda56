"""axe-core (from npm, `a11y/package.json`, installed by scripts/test) over every page of the
URL list — the public pages and the staff pages of each role, on a served store with the
living demo desk — reports no WCAG 2.1 A/AA violation (Taiwan's 網站無障礙規範 follows WCAG
2.1); plus the supervisor's and analyst's navigation and landing pages."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from staffsite import AXE, PASSWORD, pages, prepare

from browserkit import FUDAO, login, new_page, served, store_env

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def staff_site(corpus_dir, tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed: run npm ci --prefix a11y (scripts/test does) — {AXE}")
    env = store_env(tmp_path_factory.mktemp("staff-store"))
    samples = prepare(env, corpus_dir, FUDAO)
    with served(env, "--threads", "4") as base:
        yield base, samples


def _violations(tab) -> list[str]:  # type: ignore[no-untyped-def]
    tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => ({"
                          "passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, "
                          "nodes: v.nodes.map(n => n.target.join(' '))}))}))", TAGS)
    assert result["passes"] > 5, "axe-core did not check the page"
    return [f"{v['id']}: {json.dumps(v['nodes'][:3], ensure_ascii=False)}" for v in result["violations"]]


def test_axe_reports_no_violation_on_any_page(browser, staff_site):
    base, samples = staff_site
    problems: dict[str, list[str]] = {}
    for role, urls in pages(samples).items():
        with new_page(browser, bypass_csp=True) as tab:  # axe is injected inline
            if role:
                login(tab, base, role, PASSWORD)
            for url in urls:
                tab.goto(base + url)
                found = _violations(tab)
                if found:
                    problems[f"{role or 'anonymous'} {url}"] = found
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_axe_finds_a_known_violation(browser, staff_site):
    base, _ = staff_site
    with new_page(browser, bypass_csp=True) as tab:
        tab.goto(base + "/")
        tab.evaluate("() => { const i = document.createElement('input'); document.querySelector('main').append(i); }")
        assert any(v.startswith("label:") for v in _violations(tab))


def _nav(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.strip() for t in tab.locator(".desk-nav a").all_inner_texts()]


def test_supervisor_and_analyst_navigation_and_landing(browser, staff_site):
    base, samples = staff_site
    with new_page(browser) as tab:
        login(tab, base, "chen", PASSWORD)
        assert tab.url.endswith("/desk/")
        labels = [n.split()[0] for n in _nav(tab)]
        assert labels == ["我的待辦", "受理來電", "案件", "追蹤", "新符合措施", "活動", "外展名單", "專家", "團隊", "統計"]
        tab.click(".desk-nav a:has-text('團隊')")
        assert "scope=team" in tab.url and tab.locator(".desk-nav a[aria-current=page]").inner_text().startswith("團隊")
        tab.click(".desk-nav a:has-text('統計')")
        assert "/reports/" in tab.url and "服務統計" in tab.inner_text("h1")
    with new_page(browser) as tab:
        login(tab, base, "wu", PASSWORD)
        assert "/reports/" in tab.url and "服務統計" in tab.inner_text("h1")
        assert [n.split()[0] for n in _nav(tab)] == ["統計", "案件", "外展名單"]
        tab.goto(base + f"/desk/cases/{samples['case']}/")
        main = tab.inner_html("main")
        assert "<form" not in main and samples["case"] in main
    with new_page(browser) as tab:
        login(tab, base, "lin", PASSWORD)
        nav = _nav(tab)
        assert nav[0].startswith("我的待辦") and any(n.startswith("追蹤") for n in nav)
        assert tab.locator(".desk-nav .nav-count").count() >= 1  # overdue cases of the living desk


def _open_sections(tab) -> None:  # type: ignore[no-untyped-def]
    tab.evaluate("() => document.querySelectorAll('details.cw-section').forEach(d => { d.open = true; })")


def _submit(tab, form: str, expect: str) -> None:  # type: ignore[no-untyped-def]
    tab.click(f"{form} button[type=submit]")
    tab.wait_for_load_state()
    assert expect in tab.inner_text("#messages"), tab.inner_text("main")[:2000]
    _open_sections(tab)


def test_counselling_case_from_intake_to_closing_on_the_case_page(browser, staff_site):
    import datetime as dt
    import re

    base, _ = staff_site
    with new_page(browser) as tab:
        login(tab, base, "lin", PASSWORD)
        tab.goto(base + "/desk/intake/")
        tab.select_option("#f-kind", "counselling")
        tab.fill("#f-enterprise_name", "瀏覽器測試工業股份有限公司")
        tab.fill("#f-contact_name", "林小姐")
        tab.fill("#f-contact_phone", "02-2345-6789")
        tab.fill("#f-summary", "想導入自動化設備並申請補助")
        tab.click("#save-intake")
        tab.wait_for_url(re.compile(r"/desk/cases/\d+-\d+/$"))
        case_url = tab.url
        _open_sections(tab)
        planned = (dt.date.today() + dt.timedelta(days=2)).isoformat()
        tab.check("#cw-visit-done-0")
        tab.fill("#cw-visit-planned_for", planned)
        _submit(tab, "#visit-form", "已記錄訪視")
        _submit(tab, "form.cw-form[id^=visit-done-]", "訪視已標記完成")
        tab.fill("#cw-diagnosis-finding_finance", "營運資金不足")
        picks = tab.locator("#diagnosis-form input[name=measure]")
        assert picks.count() >= 2
        picks.nth(0).check()
        picks.nth(1).check()
        _submit(tab, "#diagnosis-form", "已記錄診斷")
        tab.select_option("#cw-referral-to", "financing")
        _submit(tab, "#referral-form", "已記錄轉介")
        tab.select_option("form.referral-outcome select[name=outcome]", "accepted")
        _submit(tab, "form.referral-outcome", "已受理")
        for stage, amount in (("planned", ""), ("submitted", ""), ("approved", "120萬"), ("disbursed", "120萬")):
            tab.select_option("#cw-application-stage", stage)
            tab.fill("#cw-application-amount_twd", amount)
            _submit(tab, "#application-form", "已記錄申請措施")
        assert "天後到期" in tab.inner_text("#open-follow-ups")
        _submit(tab, "form.close-follow-up", "已")
        for label in ("已解決", "已結案"):
            tab.select_option("#f-status", label=label)
            tab.select_option("#f-reason", label="已協助申請")
            tab.click("#status-form button[type=submit]")
            tab.wait_for_load_state()
        assert tab.url.startswith(case_url) and tab.inner_text("#case-status") == "已結案"
        history = tab.inner_text("#timeline")
        ids = [v for v in tab.locator("a[href^='/measures/']").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
        for bad in ("True", "False", "None", "{", "_twd", "north", "financing",
                    *[i.strip("/").split("/")[-1] for i in ids]):
            assert bad not in history, (bad, history)
        assert "已撥款 120萬元" in history and "轉介至財務融通服務團隊：已受理" in history
        assert re.search(r"預定到廠訪視（民國\d+年\d+月\d+日）已完成", history)
        assert tab.problems == []
