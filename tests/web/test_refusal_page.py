"""A declined question says so plainly and offers the way on: the service's hotlines (cited to
the documents that state them) and the inquiry form, and related passages only when close."""

from __future__ import annotations

import re

from fudao.catalogue.service_contacts import service_contacts
from fudao.search.answer import NOT_FOUND, close_hits, refusal_limits
from fudao.search.services import ask, search

DECLINED = "台積電的董事長是誰？"


def test_every_service_contact_is_stated_by_the_lines_it_cites(corpus_dir) -> None:
    contacts = service_contacts()
    assert {c.phone for c in contacts} >= {"0800-056-476", "0800-000-257"}
    for c in contacts:
        path = next(corpus_dir.glob(f"{c.doc}_*.txt"))
        cited = "".join(path.read_text(encoding="utf-8").splitlines()[c.line_start - 1 : c.line_end])
        squashed = re.sub(r"\s", "", cited)
        assert c.phone in squashed, c.key
        if c.hours:
            assert re.sub(r"[\s~–-]", "", c.hours) in re.sub(r"[~–-]", "", squashed), c.key


def test_a_declined_question_offers_the_hotlines_and_the_inquiry_form(client, corpus_db) -> None:
    assert ask(DECLINED).answer == NOT_FOUND
    html = client.get("/search", {"q": DECLINED}).content.decode()
    assert NOT_FOUND in html and 'class="answer declined"' in html
    assert 'href="tel:0800056476"' in html and 'href="tel:0800000257"' in html
    assert "服務時間 08:30–18:00" in html
    assert 'href="/inquiry/"' in html
    assert re.search(r'href="/documents/004_[0-9a-f]+/\?hl=1507-1509#L1507"', html), "the hotline is cited"


def test_only_close_passages_are_offered_after_a_refusal(corpus_db) -> None:
    hits = search(DECLINED, k=8).hits
    kept = close_hits(DECLINED, hits)
    assert len(kept) < len(hits), "a passage that merely mentions the company is not offered"
    answered = "外銷貸款優惠保證加碼的保證成數是多少？"
    assert close_hits(answered, search(answered, k=8).hits), "a close passage is kept"
    assert refusal_limits().min_coverage > 0


def test_an_answered_question_shows_no_way_on(client, corpus_db) -> None:
    html = client.get("/search", {"q": "外銷貸款優惠保證加碼"}).content.decode()
    assert "declined" not in html and "其他相關段落" in html
