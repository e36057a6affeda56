"""Browser flows on a real `fudao serve` (waitress) over a temp store with the corpus ingested.

Drives Debian's chromium (never a downloaded browser); screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest

from browserkit import FUDAO, served, shot, store_env

pytestmark = [pytest.mark.browser, pytest.mark.slow]

@pytest.fixture(scope="session")
def site(corpus_dir, tmp_path_factory) -> Iterator[str]:
    """The base URL of `fudao serve` over a fresh SQLite store with the corpus ingested and published."""
    env = store_env(tmp_path_factory.mktemp("site-store"))
    subprocess.run([*FUDAO, "ingest", str(corpus_dir), "--publish", "--json"], env=env, check=True,
                   capture_output=True, timeout=300)
    with served(env, "--threads", "4") as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.problems = problems
    yield tab
    context.close()


def test_keyboard_reaches_search_box_and_reads_cited_answer(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要內容"
    for _ in range(12):
        if page.evaluate("document.activeElement.id") == "q":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q", "Tab never reached the search box"
    page.keyboard.type("受美國關稅影響的企業可以申請哪些貸款")
    page.keyboard.press("Enter")
    page.wait_for_selector("#answer-title")
    text = page.inner_text("#search-results")
    assert re.search(r"文件 \d{3} 第 \d+(–\d+)? 行", text)
    assert "/search?q=" in page.url  # htmx pushed the address, so it can be shared or reloaded
    shot(page, "search-answer")
    assert not page.problems, page.problems


def test_search_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="zh-TW")
    tab = context.new_page()
    tab.goto(site + "/search")
    tab.fill("#q", "外銷貸款優惠保證加碼")
    tab.click("button[type=submit]")
    tab.wait_for_selector("#cite-title")
    assert re.search(r"文件 \d{3} 第 \d+", tab.inner_text("#search-results"))
    tab.click("#search-results a[href='/measures/export-loan-guarantee-plus/']")
    tab.wait_for_selector("h1:has-text('外銷貸款優惠保證加碼')")
    context.close()


def test_a_citation_opens_the_document_at_the_highlighted_lines(page, site):
    page.goto(site + "/search?q=" + "中小微企業多元發展貸款加碼的貸款額度")
    page.wait_for_selector("#cite-title")
    link = page.locator("#search-results a.cite").first
    label = link.inner_text()
    assert re.search(r"《.+》（民國\d+年）文件 \d{3} 第 \d+", label), label
    first = int(re.search(r"第 (\d+)", label).group(1))
    link.click()
    page.wait_for_selector("ol.doc-lines")
    assert page.url.endswith(f"#L{first}")
    highlighted = page.locator("ol.doc-lines li.hl")
    assert highlighted.count() >= 1
    assert highlighted.first.get_attribute("id") == f"L{first}"
    # the cited line is scrolled into view and marked with a background colour
    assert page.evaluate(f"document.getElementById('L{first}').getBoundingClientRect().top") < 400
    colour = page.evaluate(f"getComputedStyle(document.getElementById('L{first}')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("h1#doc-title").inner_text()
    shot(page, "document-viewer")
    assert not page.problems, page.problems


MARKDOWN = re.compile(r"\*\*|__|^\s*#{1,6}\s|\|", flags=re.M)
HIGHLIGHTED = "els => els.map(e => [Number(e.id.slice(1)), e.querySelector('.ln').innerText, e.querySelector('.lt').innerText])"


def test_an_answers_citation_opens_with_exactly_its_lines_highlighted_as_text(page, site, corpus_dir):
    from urllib.parse import quote

    page.goto(site + "/search?q=" + quote("中小微企業多元發展貸款加碼的貸款利率是多少？"))
    page.wait_for_selector("#cite-title")
    link = page.locator("#search-results ol.citations a.cite").first
    found = re.search(r"文件 (\d{3}) 第 (\d+)(?:–(\d+))? 行", link.inner_text())
    start, end = int(found.group(2)), int(found.group(3) or found.group(2))
    link.click()
    page.wait_for_selector("ol.doc-lines li.hl")
    rows = page.eval_on_selector_all("ol.doc-lines li.hl", HIGHLIGHTED)
    assert [n for n, _, _ in rows] == list(range(start, end + 1)), "the cited lines, all of them and no more"
    assert all(shown == str(n) for n, shown, _ in rows), "line numbers kept"
    assert not MARKDOWN.search("\n".join(text for _, _, text in rows)), rows
    assert page.locator("ol.doc-lines li.ctx").count() <= 1

    # lines 250–264 of 003, cited with their heading (line 241): raw markdown there, none shown
    original = next(corpus_dir.glob("003_*.txt")).read_text(encoding="utf-8").splitlines()
    assert MARKDOWN.search("\n".join(original[240:264])), "the range does hold markdown"
    page.goto(site + "/documents/003_83f839b7bfa6266d/?hl=250-264&ctx=241#L250")
    rows = page.eval_on_selector_all("ol.doc-lines li.hl", HIGHLIGHTED)
    assert [n for n, _, _ in rows] == list(range(250, 265))
    text = "\n".join(t for _, _, t in rows)
    assert "3,500" in text and "2.22%" in text and not MARKDOWN.search(text), text
    context = page.eval_on_selector_all("ol.doc-lines li.ctx", HIGHLIGHTED)
    assert [n for n, _, _ in context] == [241] and not MARKDOWN.search(context[0][2])
    hl = page.evaluate("getComputedStyle(document.getElementById('L250')).backgroundColor")
    ctx = page.evaluate("getComputedStyle(document.getElementById('L241')).backgroundColor")
    assert hl != ctx and "rgba(0, 0, 0, 0)" not in (hl, ctx), "the heading looks apart from the cited lines"
    shot(page, "document-viewer-cited-range")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/documents/003_83f839b7bfa6266d/?hl=250-264&ctx=241#L250")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    shot(page, "document-viewer-cited-range-phone", full_page=False)
    assert not page.problems, page.problems


def test_document_viewer_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="zh-TW")
    tab = context.new_page()
    tab.goto(site + "/documents/003_83f839b7bfa6266d/?hl=241-246#L241")
    assert tab.locator("li.hl").count() == 6
    assert "製造業淨零及公正轉型政策" in tab.inner_text("h1")
    context.close()


def test_filter_catalogue_and_open_a_measure(page, site):
    page.goto(site + "/measures/")
    before = int(re.search(r"共 (\d+) 項", page.inner_text("#rows-title")).group(1))
    page.select_option("#f-instrument", "guarantee")
    page.click("text=套用篩選")
    page.wait_for_url(re.compile(r"instrument=guarantee"))
    page.wait_for_function(f"!document.querySelector('#rows-title').textContent.includes('共 {before} 項')")
    after = int(re.search(r"共 (\d+) 項", page.inner_text("#rows-title")).group(1))
    assert 0 < after < before
    shot(page, "catalogue-filtered")
    page.click("text=外銷貸款優惠保證加碼")
    page.wait_for_selector("h1:has-text('外銷貸款優惠保證加碼')")
    assert page.locator("p.source-line a.cite").first.get_attribute("href").startswith("/documents/")
    page.locator("details.source-box summary").first.click()
    assert page.locator("details.source-box blockquote").first.is_visible()
    assert "/measures/" in page.url, "opening the quote stays on the measure page"
    assert page.locator("a[href^='tel:0800']").count() >= 1
    shot(page, "measure-page")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1, "no sideways scrolling on a phone"
    shot(page, "measure-page-phone")
    assert not page.problems, page.problems


def answer_step(page) -> None:
    """Answer the visible questions of one step as a manufacturer with 8 employees would."""
    answers = {"org_type": "company", "industry_section": "C", "factory_registration": "registered",
               "registered_trader": "true", "tax_registered": "true", "us_export_within_3y": "true",
               "us_tariff_affected": "true", "mittelstand_status": "none"}
    numbers = {"employees": "8", "paid_in_capital_twd": "5000000", "annual_revenue_twd": "30000000",
               "revenue_drop_pct_vs_2024_same_period": "15"}
    asked = page.get_attribute("input[name=asked]", "value").split(",")
    for key in asked:
        if key in answers and page.locator(f"#{key}-{answers[key]}").count():
            page.check(f"#{key}-{answers[key]}")
        elif key in numbers:
            page.fill(f"#{key}", numbers[key])
        # anything else stays 「不知道」 (the default choice)


def test_questionnaire_to_printable_results(page, site):
    page.goto(site + "/check/")
    steps = 0
    while not page.locator("#g-eligible").count():
        assert steps < 6, "the questionnaire keeps asking"
        answer_step(page)
        if steps == 0:
            shot(page, "check-step", full_page=False)
        page.click("button[value=next]")
        page.wait_for_load_state()
        steps += 1
    assert steps >= 2, "answers are asked over several short steps"
    text = page.inner_text("main")
    assert "符合資格" in text and "可能符合" in text and "不符合" in text
    assert re.search(r"最高 [\d,]+(億|萬)", text)
    shot(page, "check-results")
    page.emulate_media(media="print")
    assert page.locator(".site-header nav").is_hidden()
    shot(page, "check-results-print")
    assert not page.problems, page.problems


A11Y_CHECK = """() => {
  const problems = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!el.labels || el.labels.length === 0) problems.push('unlabelled ' + (el.id || el.name));
  }
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push('h1 count ' + h1);
  let last = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(h.tagName[1]);
    if (last && level > last + 1) problems.push('heading jumps to ' + h.tagName + ': ' + h.textContent.trim());
    last = level;
  }
  for (const img of document.querySelectorAll('img')) if (!img.alt) problems.push('img without alt');
  if (document.documentElement.lang !== 'zh-Hant-TW') problems.push('lang');
  return problems;
}"""


@pytest.mark.parametrize("path", ["/", "/search?q=中小企業研發補助", "/measures/",
                                  "/measures/export-loan-guarantee-plus/", "/check/", "/no-such-page"])
def test_pages_pass_basic_accessibility_checks(page, site, path):
    page.goto(site + path)
    assert page.evaluate(A11Y_CHECK) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0, "skip link shows on focus"
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid", "focus is visible"
