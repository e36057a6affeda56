"""The server-rendered pages: content, citations, filters, the questionnaire, errors, security."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from fudao.catalogue.services import get_measure

CITE = re.compile(r"(\d{3}) 第 (\d+)(?:–(\d+))? 行")


def page(response, status: int = 200) -> str:
    assert response.status_code == status, response.content[:500]
    html = response.content.decode()
    assert '<html lang="zh-Hant-TW">' in html
    return html


def test_home_has_search_box_open_measures_and_hotlines(client, corpus_db):
    html = page(client.get("/"))
    assert '<label for="q">輸入您的問題或需求</label>' in html
    assert 'name="viewport"' in html and 'href="#main"' in html
    assert "目前受理中的輔導措施" in html and "/measures/" in html
    assert 'href="tel:0800' in html  # toll-free lines come from the catalogue's contacts


def test_every_phone_on_the_home_page_names_the_unit_it_belongs_to(client, corpus_db):
    from fudao.catalogue.services import list_measures

    html = page(client.get("/"))
    aside = html.split('class="hotlines"', 1)[1].split("</aside>", 1)[0]
    rows = re.findall(r'<li><span class="org">([^<]*)</span>\s*<a class="tel" href="[^"]*">([^<]*)</a>', aside)
    assert len(rows) == aside.count('class="tel"') >= 5, "each number has its unit next to it"
    published = list_measures(status="published", include_all=True)["measures"]
    measure_lines = re.findall(r'<a class="tel" href="[^"]*">([^<]*)</a>', aside.split("hotline-sub", 1)[1])
    assert measure_lines, "the measures' own lines are listed too"
    for org, phone in rows:
        unit = org.split("・")[0]  # the unit, then what the line is for
        assert unit.strip() and "「" not in unit and "窗口" not in unit, f"{phone}: {org!r} is not a unit"
        if phone not in measure_lines:
            continue
        number = phone.split(" 分機 ")[0]
        givers = [m for m in published if any(c.get("phone") == number for c in m["contacts"])]
        if givers:  # a measure's number: the unit is the contact's own or the agency of a measure giving it
            units = {c.get("org") for m in givers for c in m["contacts"] if c.get("phone") == number}
            assert org in units | {m["agency"] for m in givers}, (phone, org)
    shown = dict((phone, org) for org, phone in rows)
    # the 2026 brochure names the unit of the assistance line 產業競爭力發展中心 (003 lines 160–161)
    assert shown["0800-000-257"].startswith("產業競爭力發展中心・諮詢專線（08:30–18:00）")
    assert shown["0800-056-476"].startswith("經濟部馬上辦服務中心")
    assert shown.get("0800-023-800", "經濟部產業發展署") == "經濟部產業發展署"  # 措施2 (產發署), 003 line 47
    assert "0800-005-288" not in shown, "no document names the unit of this number"


def test_search_page_answers_with_citations_and_measures(client, corpus_db):
    html = page(client.get("/search", {"q": "外銷貸款優惠保證加碼"}))
    assert html.index("回答") < html.index("引用出處")
    cites = CITE.findall(html)
    assert cites, "citations show the document and line range"
    assert "/measures/export-loan-guarantee-plus/" in html


def test_search_page_shows_each_citation_of_the_answer(client, corpus_db):
    from django.utils.html import escape

    from fudao.search.services import ask

    question = "外銷貸款優惠保證加碼的保證成數"
    answer = ask(question)
    html = page(client.get("/search", {"q": question}))
    for c in answer.citations:
        lines = f"第 {c.line_start} 行" if c.line_start == c.line_end else f"第 {c.line_start}–{c.line_end} 行"
        assert f"文件 {c.doc[:3]} {lines}" in html
        assert escape(c.quote.splitlines()[0]) in html


def test_search_page_rejects_overlong_query(client, corpus_db):
    html = page(client.get("/search", {"q": "補" * 2000}), 400)
    assert "過長" in html and 'role="alert"' in html


def test_empty_search_page_shows_the_form(client, corpus_db):
    assert "輸入您的問題或需求" in page(client.get("/search"))


def test_htmx_search_returns_only_the_results_part(client, corpus_db):
    response = client.get("/search", {"q": "外銷貸款優惠保證加碼"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "引用出處" in body


def count_of(html: str) -> int:
    return int(re.search(r"共 (\d+) 項措施", html).group(1))


def test_catalogue_filters_narrow_the_list(client, corpus_db):
    everything = count_of(page(client.get("/measures/")))
    guarantees = page(client.get("/measures/", {"instrument": "guarantee"}))
    assert 0 < count_of(guarantees) < everything
    pages = [page(client.get("/measures/", {"instrument": "guarantee", "page": str(n)})) for n in range(1, 4)]
    assert any("外銷貸款優惠保證加碼" in p for p in pages)
    rich = count_of(page(client.get("/measures/", {"min_amount": "5000"})))
    assert 0 < rich < everything
    open_now = count_of(page(client.get("/measures/", {"open": "1"})))
    assert open_now <= everything
    facet = page(client.get("/measures/", {"facet": "金融支持"}))
    assert 0 < count_of(facet) < everything


@pytest.mark.parametrize("params, needle", [
    ({"min_amount": "很多"}, "金額下限"),
    ({"instrument": "lottery"}, "lottery"),
    ({"facet": "魔法"}, "魔法"),
])
def test_catalogue_rejects_bad_filters(client, corpus_db, params, needle):
    assert needle in page(client.get("/measures/", params), 400)


def test_measure_page_shows_fields_sources_and_contacts(client, corpus_db, corpus_dir):
    measure = get_measure("export-loan-guarantee-plus")
    html = page(client.get("/measures/export-loan-guarantee-plus/"))
    assert "外銷貸款優惠保證加碼" in html
    assert "6,000萬元" in html and "1億元" in html
    assert 'href="tel:0800280280"' in html
    source = measure["sources"]["target"]
    start, end = source["line_start"], source["line_end"]
    # the citation names the document's title and year and opens the viewer at the cited lines
    href = f'href="/documents/{source["doc"]}/?hl={start}-{end}#L{start}"'
    assert href in html
    assert f"《製造業淨零及公正轉型政策》（民國115年）文件 003 第 {start}–{end} 行" in html
    original = next(corpus_dir.glob(f"{source['doc']}.txt")).read_text("utf-8").splitlines()
    quoted = original[start - 1].strip().lstrip("-* ").replace("**", "")[:12]
    assert quoted in html
    body = html.split('<article class="measure">', 1)[1]
    assert "**" not in body and "\n## " not in body, "source quotes are plain text"
    assert "貸款額度上限" in html or "保證額度上限" in html, "benefits are labelled"


def test_document_viewer_numbers_lines_and_highlights_the_cited_range(client, corpus_db):
    html = page(client.get("/documents/003_83f839b7bfa6266d/", {"hl": "243-246"}))
    assert "製造業淨零及公正轉型政策" in html and "民國115年" in html
    assert 'id="L241"' in html and 'id="L397"' in html
    marked = re.findall(r'<li id="L(\d+)" value="\d+" class="hl"', html)
    assert marked == ["243", "244", "245", "246"]
    assert "找不到文件" in page(client.get("/documents/999_nope/"), 404)
    plain = page(client.get("/documents/003_83f839b7bfa6266d/", {"hl": "x"}))
    assert 'class="hl"' not in plain


def test_unknown_measure_is_a_zh_tw_404(client, corpus_db):
    html = page(client.get("/measures/no-such-measure/"), 404)
    assert "找不到輔導措施「no-such-measure」" in html


def test_unknown_page_is_a_zh_tw_404(client, db):
    assert "找不到這個頁面" in page(client.get("/no/such/page"), 404)


def test_server_error_page_is_zh_tw_without_trace(db, monkeypatch):
    from fudao.web import presenters

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(presenters, "hotlines", broken)
    response = Client(raise_request_exception=False).get("/")
    html = page(response, 500)
    assert "系統暫時發生錯誤" in html and "boom" not in html and "Traceback" not in html


def test_security_headers_on_pages_and_api(client, db):
    for path in ("/check/", "/api/openapi.json"):
        response = client.get(path)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"


def test_pages_load_nothing_from_other_sites(client, corpus_db):
    for path in ("/", "/search?q=貸款", "/measures/", "/check/"):
        html = client.get(path).content.decode()
        for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
            assert url.startswith("/static/"), (path, url)


def test_htmx_is_served_locally_with_its_licence(client, db):
    response = client.get("/static/web/htmx.min.js")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and body.startswith(b"/*! htmx 2.") and b"0BSD" in body[:200]


# --- the eligibility questionnaire -------------------------------------------------------------

def test_check_first_step_asks_needed_facts_with_unknown_option(client, corpus_db):
    from fudao.matching.services import next_questions
    from fudao.rules.profile import FACTS

    html = page(client.get("/check/"))
    first = next(k for k in next_questions({}) if not FACTS[k].derived)
    assert FACTS[first].label in html
    assert html.count("不知道") >= 2
    assert "csrfmiddlewaretoken" in html


def step(client, answers: dict, asked: str, skipped: str = "", **fields):
    data = {"answers": json.dumps(answers), "asked": asked, "skipped": skipped, "action": "next", **fields}
    return client.post("/check/", data)


def test_check_step_keeps_answers_and_moves_on(client, corpus_db):
    html = page(step(client, {}, "org_type,employees", org_type="company", employees="12"))
    state = re.search(r'name="answers" value="([^"]*)"', html).group(1)
    carried = json.loads(state.replace("&quot;", '"'))
    assert carried == {"org_type": "company", "employees": 12}
    assert 'name="asked" value="' in html
    asked = re.search(r'name="asked" value="([^"]*)"', html).group(1).split(",")
    assert "org_type" not in asked and "employees" not in asked


def test_check_unknown_answers_are_not_asked_again(client, corpus_db):
    html = page(step(client, {}, "org_type", org_type="__unknown__"))
    asked = re.search(r'name="asked" value="([^"]*)"', html).group(1).split(",")
    assert "org_type" not in asked
    assert re.search(r'name="skipped" value="org_type"', html)


def test_check_rejects_bad_number_naming_the_question(client, corpus_db):
    html = page(step(client, {}, "employees,org_type", employees="十幾個", org_type="company"), 400)
    assert "經常僱用員工數" in html and 'role="alert"' in html
    assert 'value="十幾個" aria-invalid="true"' in html  # the typed answer is kept to be corrected
    assert 'id="org_type-company" name="org_type" value="company" checked' in html


def test_check_rejects_negative_and_tampered_values(client, corpus_db):
    assert "不可為負數" in page(step(client, {}, "employees", employees="-4"), 400)
    assert "org_type" in page(step(client, {"org_type": "pirate"}, ""), 400)


def test_check_results_show_groups_amounts_and_reasons(client, corpus_db):
    profile = {"org_type": "company", "industry_section": "C", "employees": 8,
               "paid_in_capital_twd": 5_000_000, "factory_registration": "registered"}
    html = page(step(client, profile, "", action="results"))
    assert "資格檢測結果" in html
    for title in ("符合資格", "可能符合", "不符合"):
        assert title in html
    assert re.search(r"最高 [\d,]+(億|萬)", html)
    assert "萬元" in html or "億元" in html
    assert "經常僱用員工數" in html  # the answers are summarised for print


def test_check_post_requires_csrf(corpus_db):
    strict = Client(enforce_csrf_checks=True)
    html = page(strict.post("/check/", {"answers": "{}", "asked": ""}), 403)
    assert "請重新整理頁面" in html


def test_check_rejects_other_methods(client, db):
    assert client.put("/check/").status_code == 405


@pytest.mark.parametrize("written", ["5000萬", "5,000萬元", "五千萬", "50000000"])
def test_check_reads_amounts_as_people_write_them(client, corpus_db, written):
    html = page(step(client, {}, "paid_in_capital_twd,annual_revenue_twd",
                     paid_in_capital_twd=written, annual_revenue_twd="1.5億"))
    state = re.search(r'name="answers" value="([^"]*)"', html).group(1)
    carried = json.loads(state.replace("&quot;", '"'))
    assert carried == {"paid_in_capital_twd": 50_000_000, "annual_revenue_twd": 150_000_000}


def test_check_rejects_an_amount_it_cannot_read_naming_the_field(client, corpus_db):
    html = page(step(client, {}, "paid_in_capital_twd", paid_in_capital_twd="很多錢"), 400)
    assert "實收資本額" in html and "5000萬" in html and 'role="alert"' in html


def test_check_names_the_industry_sections(client, corpus_db):
    from fudao.web import questionnaire

    spec = questionnaire.form_spec("industry_section")
    labels = dict(spec.choices)
    assert labels["C"] == "C 製造業" and labels["G"] == "G 批發及零售業" and labels["S"] == "S 其他服務業"
    assert len(labels) == 19 and all(label != code for code, label in labels.items())


def test_check_results_keep_closed_and_unconfirmed_apart_from_open(client, corpus_db):
    from fudao.matching.services import match

    profile = {"org_type": "company", "industry_section": "C", "employees": 8,
               "paid_in_capital_twd": 5_000_000, "factory_registration": "registered"}
    html = page(step(client, profile, "", action="results"))
    results = match(profile)["results"]
    accepting = re.search(r'id="g-eligible">(.*?)</section>', html, re.S).group(1)
    for r in results:
        if r["status"] == "eligible" and r["window_state"] in ("closed", "unconfirmed"):
            assert f"/measures/{r['measure_id']}/" not in accepting, r["name"]
    assert "請先確認是否仍受理" in html or "已截止" in html


def test_catalogue_pages_25_at_a_time_with_the_facet_counts_kept(client, corpus_db):
    first, second = page(client.get("/measures/")), page(client.get("/measures/", {"page": "2"}))
    total = count_of(first)
    assert total > 25 and count_of(second) == total
    cards = [re.findall(r'<li class="card">\s*<h3><a href="([^"]+)"', p) for p in (first, second)]
    assert len(cards[0]) == 25 and cards[1] and not set(cards[0]) & set(cards[1])
    assert first.split('id="measure-rows"')[0].split("<form")[1] == second.split('id="measure-rows"')[0].split("<form")[1]
    assert 'rel="next" ' in first or 'rel="next">' in first
    filtered = page(client.get("/measures/", {"instrument": "guarantee", "page": "1"}))
    assert "page=" not in filtered or "instrument=guarantee&amp;page=" in filtered
    for p in (first, second):
        assert not re.search(r">(受理中|已截止|未載明期限|待確認)</span>\s*\1", p)


def test_check_results_hold_when_the_catalogue_lacks_a_ruled_measure(client, corpus_db):
    """The shipped rules decide measures the store's catalogue may not hold (a store with
    other documents ingested): their rows still render, without a window line to invent."""
    from fudao.catalogue.models import Measure

    Measure.objects.all().delete()
    profile = {"org_type": "company", "industry_section": "C", "employees": 8}
    html = page(step(client, profile, "", action="results"))
    assert "資格檢測結果" in html


def test_a_listed_measure_reads_as_the_item_of_its_list(client, corpus_db, corpus_dir):
    """「擴大抵減適用」 is item 10 under 租稅優惠 in 003: the pages show it as 「措施10 擴大抵減適用・租稅優惠」,
    its name the document's own, sourced to the item's line with the heading as context."""
    lines = next(corpus_dir.glob("003_*.txt")).read_text("utf-8").splitlines()
    listed = '<span class="listing-no">措施10</span> 擴大抵減適用</a><span class="listing-group">・租稅優惠</span>'
    assert listed in page(client.get("/measures/", {"facet": "租稅優惠"}))
    html = page(client.get("/measures/m-2a98a94c/"))
    assert '<h1><span class="listing-no">措施10</span> 擴大抵減適用</h1>' in html
    cited = re.search(r'class="listing-line">.*?href="/documents/003_\w+/\?hl=(\d+)-(\d+)&amp;ctx=(\d+)#L\d+"', html)
    item, end, heading = map(int, cited.groups())
    assert item == end and "**措施10.** 擴大抵減適用" in lines[item - 1] and lines[heading - 1] == "### 租稅優惠"
    assert "<title>擴大抵減適用" in html, "the name itself is unchanged"
    assert 'class="listing-no"' not in page(client.get("/measures/managed-factory-rd-grant/")), "not listed, no number"


def test_check_results_show_a_listed_measure_with_its_place(client, corpus_db):
    profile = {"org_type": "company", "industry_section": "C", "employees": 8, "us_export_within_3y": True,
               "us_tariff_affected": True, "paid_in_capital_twd": 5_000_000, "factory_registration": "registered"}
    html = page(step(client, profile, "", action="results"))
    assert re.search(r'<span class="listing-no">措施\d+</span> [^<]+</a><span class="listing-group">・金融支持</span>', html)


def test_a_measure_page_cites_the_lines_the_measure_comes_from(client, corpus_db, corpus_dir):
    lines = next(corpus_dir.glob("003_*.txt")).read_text("utf-8").splitlines()
    for measure, first_line in [("m-2a98a94c", "**措施10.** 擴大抵減適用"), ("export-loan-guarantee-plus", "# 外銷貸款優惠保證加碼(中企署)")]:
        html = page(client.get(f"/measures/{measure}/"))
        start, end = map(int, re.search(r'資料來源：<a class="cite" href="/documents/003_\w+/\?hl=(\d+)-(\d+)#', html).groups())
        assert lines[start - 1] == first_line and start <= end < start + 40, (measure, start, end)


def test_the_measures_an_answer_names_show_their_place_in_the_list(client, corpus_db):
    html = page(client.get("/search", {"q": "外銷貸款優惠保證加碼"}))
    named = html.split('id="measures-title"', 1)[1].split("</section>", 1)[0]
    assert '<span class="listing-no">措施3</span> 外銷貸款優惠保證加碼</a><span class="listing-group">・金融支持</span>' in named
