"""A bad value quoted back in an error (a vocabulary word with an unpaired surrogate or a
control character in it) answers 400 with the character written as its code, not a 500 when
the answer is encoded, and nothing is written (found by the hostile schemathesis run)."""

from __future__ import annotations

import pytest
from deskkit import open_as_admin

from fudao.validation import shown


def test_shown_writes_control_characters_and_lone_surrogates_as_codes():
    assert shown("web\ud800") == "webU+D800"
    assert shown("a\x00b\x85") == "aU+0000bU+0085"
    assert shown("王" * 50, limit=3) == "王王王…"
    assert shown("一\t二\n") == "一\t二\n"


@pytest.mark.store
@pytest.mark.parametrize("body", [
    '{"channel": "web\\ud800", "kind": "inquiry"}',
    '{"channel": "web", "kind": "\\ud854\\udd28\\udfff"}',
    '{"channel": "web\\u0000", "kind": "inquiry"}',
])
def test_a_new_case_with_a_bad_character_in_its_vocabulary_is_refused(people, client, body):
    from fudao.cases.models import Case

    before = Case.objects.count()
    r = client.post("/api/cases", body, content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {people.tokens['adm']}")
    assert r.status_code == 400, r.content
    assert "U+" in r.json()["error"]
    assert Case.objects.count() == before


@pytest.mark.store
def test_a_referral_outcome_with_a_lone_surrogate_is_refused(people, client):
    from fudao.cases.models import HistoryEntry

    case_no = open_as_admin()
    before = HistoryEntry.objects.count()
    r = client.post(f"/api/cases/{case_no}/referrals/1", '{"outcome": "\\udc00"}',
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {people.tokens['adm']}")
    assert r.status_code == 400 and "U+DC00" in r.json()["error"]
    assert HistoryEntry.objects.count() == before


@pytest.mark.store
@pytest.mark.parametrize(("method", "path", "body", "said"), [
    ("patch", "/api/cases/{no}", '{"assignee": "\\udc00"}', "U+DC00"),
    ("patch", "/api/cases/{no}", '{"status": "in_progress", "x\\ud800": 1}', "U+D800"),
    ("post", "/api/cases/{no}/activities", '{"type": "note", "data": {"text": "\\u0000"}}', "U+0000"),
    ("post", "/api/cases/{no}/activities", '{"type": "financing_outcome", "data": {"amount_twd": NaN}}', "有限的數字"),
    ("post", "/api/cases/{no}/activities", '{"type": "financing_outcome", "data": {"amount_twd": 1e309}}', "有限的數字"),
    ("post", "/api/cases", '{"channel": "web", "kind": "inquiry", "summary": "-Infinity", "n": -Infinity}', "有限的數字"),
])
def test_a_json_body_with_a_bad_text_or_number_anywhere_is_refused_whole(people, client, method, path, body, said):
    """The body is checked before the route reads it: a lone surrogate in a username used to
    reach the store's query (500), and NaN or 1e309 is refused in any field."""
    from fudao.cases.models import Activity, Case, HistoryEntry

    case_no = open_as_admin()
    before = (Case.objects.count(), Activity.objects.count(), HistoryEntry.objects.count())
    r = getattr(client, method)(path.format(no=case_no), body, content_type="application/json",
                                HTTP_AUTHORIZATION=f"Bearer {people.tokens['adm']}")
    assert r.status_code == 400, r.content
    assert said in r.json()["error"]
    assert (Case.objects.count(), Activity.objects.count(), HistoryEntry.objects.count()) == before
