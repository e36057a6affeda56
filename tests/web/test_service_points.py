"""The service's contact points as data: every hotline and service point stated by the document
lines it cites, nothing the documents do not give (an address or hours missing says so), shown
on the home page and on the inquiry page."""

from __future__ import annotations

import re

from fudao.catalogue.service_contacts import service_contacts, service_points


def _cited(corpus_dir, doc: str, start: int, end: int) -> str:  # type: ignore[no-untyped-def]
    path = next(corpus_dir.glob(f"{doc}_*.txt"))
    return re.sub(r"\s", "", "".join(path.read_text(encoding="utf-8").splitlines()[start - 1 : end]))


def test_every_service_point_is_stated_by_the_lines_it_cites(corpus_dir) -> None:
    points = service_points()
    assert {"北區", "中區", "南區"} <= {r for p in points for r in p.regions}
    for p in points:
        cited = _cited(corpus_dir, p.doc, p.line_start, p.line_end)
        if p.phone:
            assert re.sub(r"\s", "", p.phone) in cited, p.key
        if p.ext:
            assert f"分機{p.ext}" in cited, p.key
        if p.address:
            assert re.sub(r"\s", "", p.address) in cited, p.key
        if p.hours:
            assert re.sub(r"[\s~–-]", "", p.hours) in re.sub(r"[~–-]", "", cited), p.key
        for region in p.regions:
            assert region[0] in cited, p.key  # 北中南 named by the lines
        if p.address is None or p.hours is None:
            assert "未載" in p.missing, f"{p.key}: what the documents do not give is said, not invented"
    hours_line = next(c for c in service_contacts() if c.hours)
    assert hours_line.name in _cited(corpus_dir, hours_line.doc, hours_line.line_start, hours_line.line_end)
    addressed = [p for p in points if p.address]
    assert addressed and all(p.doc == "002" for p in addressed)


def test_the_home_page_shows_the_service_points_with_their_sources(client, corpus_db) -> None:
    html = client.get("/").content.decode()
    aside = html.split('class="hotlines"', 1)[1].split("</aside>", 1)[0]
    assert "服務據點" in aside and "經濟部馬上辦服務中心（北區・中區・南區）" in aside
    assert "臺北市大安區信義路三段 41-3 號 1樓" in aside and 'href="tel:0227541255,3517"' in aside
    assert "文件未載各據點的地址與服務時間" in aside
    assert re.search(r'href="/documents/004_[0-9a-f]+/\?hl=1507-1520#L1507"', aside)
    assert re.search(r'href="/documents/002_[0-9a-f]+/\?hl=49-55#L49"', aside)


def test_the_inquiry_page_offers_the_hotlines_and_the_service_points(client, corpus_db) -> None:
    html = client.get("/inquiry/").content.decode()
    ways = html.split('class="hotlines inquiry-ways"', 1)[1].split("</aside>", 1)[0]
    for c in service_contacts():
        assert c.phone in ways
    assert "08:30–18:00" in ways and "臺北市大安區信義路三段 41-3 號 1樓" in ways
    assert re.search(r'href="/documents/003_[0-9a-f]+/\?hl=160-163#L160"', ways), "a hotline is cited"
    bad = client.post("/inquiry/", {"name": ""})
    assert bad.status_code == 400 and "inquiry-ways" in bad.content.decode()
