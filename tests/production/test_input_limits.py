"""Input limits: absurd numbers, deep JSON, huge bodies and repeated lists answer 4xx in zh-TW, cheaply."""

from __future__ import annotations

import html
import json
import re

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")
BIG = "9" * 5000


def api_error(response, status: int) -> str:
    assert response.status_code == status, response.content[:300]
    message = response.json()["error"]
    assert CJK.search(message), message
    return message


def post_json(client, path: str, body: str, **extra):
    return client.post(path, data=body, content_type="application/json", **extra)


@pytest.mark.parametrize("body, needle", [
    ('{"paid_in_capital_twd": Infinity}', "paid_in_capital_twd"),
    ('{"paid_in_capital_twd": -Infinity}', "paid_in_capital_twd"),
    ('{"annual_revenue_twd": NaN}', "annual_revenue_twd"),
    ('{"paid_in_capital_twd": 1e309}', "paid_in_capital_twd"),
    ('{"paid_in_capital_twd": ' + BIG + "}", "paid_in_capital_twd"),
    ('{"paid_in_capital_twd": 1e20}', "paid_in_capital_twd"),
    ('{"employees": ' + BIG + "}", "employees"),
    ('{"revenue_drop_pct_vs_2024_same_period": -1e300}', "revenue_drop_pct_vs_2024_same_period"),
    ("[" * 5000 + "]" * 5000, "巢狀"),
    ('{"needs": ' + "[" * 100 + "]" * 100 + "}", "巢狀"),
    ('{"needs": [' + ",".join(f'"x{i}"' for i in range(100)) + "]}", "needs"),
    ("Infinity", "JSON 物件"),
])
def test_match_rejects_absurd_json_naming_the_field(client, db, body, needle):
    assert needle in api_error(post_json(client, "/api/match", body), 400)


def test_match_never_answers_infinity(client, db):
    response = post_json(client, "/api/match", '{"paid_in_capital_twd": 1e308}')
    assert response.status_code == 400
    assert b"Infinity" not in response.content and b"NaN" not in response.content


@pytest.fixture
def needs_seen(monkeypatch) -> list[int]:
    """How many needs each call of the matcher's needs scorer was given."""
    from fudao.matching import services

    seen: list[int] = []
    scorer = services.needs_score

    def counting_scorer(needs, *args, **kwargs):
        seen.append(len(needs or ()))
        return scorer(needs, *args, **kwargs)

    monkeypatch.setattr(services, "needs_score", counting_scorer)
    return seen


def test_repeated_needs_are_deduplicated_and_cheap(client, corpus_db, needs_seen):
    # Cheap means the matcher never sees the repeats: 7,000 copies of one need reach it as one
    # (before de-duplication they cost 2.5 s of CPU). Speed itself is measured in bench/.
    body = '{"needs": [' + ",".join(['"ai"'] * 7000) + "]}"
    response = post_json(client, "/api/match", body)
    assert response.status_code == 200
    assert needs_seen and max(needs_seen) == 1
    one = post_json(client, "/api/match", '{"needs": ["ai"]}')
    assert response.json() == one.json()


@pytest.mark.parametrize("size", [3 * 1024 * 1024, 100 * 1024 * 1024])
def test_large_api_bodies_get_413_in_json(client, db, size):
    # The declared length is what counts: the body is refused before it is read.
    response = client.generic("POST", "/api/match", b"{}", content_type="application/json",
                              CONTENT_LENGTH=str(size))
    assert "過大" in api_error(response, 413)


def test_large_form_bodies_get_the_413_page(client, db):
    response = client.generic("POST", "/check/", b"a=1", content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH=str(3 * 1024 * 1024))
    assert response.status_code == 413
    assert "請求內容過大" in response.content.decode()


def test_real_3mb_body_gets_413(client, db):
    assert api_error(post_json(client, "/api/match", "x" * (3 * 1024 * 1024)), 413)


@pytest.mark.parametrize("params, needle", [
    ({"q": "補助", "k": BIG}, "k"),
    ({"q": "補助", "k": "1e309"}, "k"),
    ({"q": "補助", "k": "nan"}, "k"),
    ({"q": "補助", **{f"x{i}": "1" for i in range(1500)}}, "參數"),
])
def test_search_query_limits(client, db, params, needle):
    assert needle in api_error(client.get("/api/search", params), 400)


@pytest.mark.parametrize("value", [BIG, "1e309", "inf", "nan", "-5", "1.5", "12x"])
def test_catalogue_amount_filter_is_bounded(client, db, value):
    response = client.get("/measures/", {"min_amount": value})
    assert response.status_code == 400
    assert "金額下限" in response.content.decode()


def test_fullwidth_digits_and_commas_are_read():
    from fudao.web.limits import parse_number

    assert parse_number("１２，０００", label="x") == 12000
    assert parse_number("3,500.5", label="x") == 3500.5


@pytest.mark.parametrize("field, value", [
    ("employees", BIG), ("employees", "inf"), ("employees", "nan"), ("employees", "1.5"),
    ("paid_in_capital_twd", "1e309"), ("paid_in_capital_twd", "1" * 400),
    ("paid_in_capital_twd", "-Infinity"), ("annual_revenue_twd", "1e30"),
])
def test_questionnaire_numbers_are_bounded(client, db, field, value):
    from fudao.rules.profile import fact_label

    response = client.post("/check/", {"asked": field, field: value, "answers": "{}"})
    assert response.status_code == 400
    assert fact_label(field) in response.content.decode()


def test_questionnaire_repeated_needs_are_cheap(client, corpus_db):
    response = client.post("/check/", {"asked": "needs", "needs": ["finance"] * 300, "answers": "{}"})
    assert response.status_code == 200
    carried = re.search(r'name="answers" value="([^"]*)"', response.content.decode())
    assert carried, "the questionnaire carries its answers to the next step"
    assert json.loads(html.unescape(carried.group(1)))["needs"] == ["finance"]
    crowd = client.post("/check/", {"asked": "needs", "needs": ["finance"] * 7000, "answers": "{}"})
    assert crowd.status_code == 400  # more form fields than any step has: refused unread


def test_questionnaire_state_rejects_infinity(client, db):
    response = client.post("/check/", {"answers": '{"paid_in_capital_twd": Infinity}', "asked": ""})
    assert response.status_code == 400


@pytest.fixture
def draft_id(corpus_db):
    from fudao.catalogue.models import Measure

    measure = Measure.objects.filter(status="published").first()
    assert measure is not None
    Measure.objects.filter(pk=measure.pk).update(status="draft")
    return measure.pk


def test_drafts_hidden_from_anonymous_api_users(client, draft_id):
    assert "編輯" in api_error(client.get("/api/measures", {"status": "draft"}), 403)
    api_error(client.get(f"/api/measures/{draft_id}"), 404)
    listed = {m["id"] for m in client.get("/api/measures", {"all": "true"}).json()["measures"]}
    assert draft_id not in listed
    assert client.get(f"/measures/{draft_id}/").status_code == 404  # as the page does


def test_drafts_visible_to_staff(client, draft_id, django_user_model):
    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(f"/api/measures/{draft_id}").json()["status"] == "draft"
    drafts = client.get("/api/measures", {"status": "draft", "all": "true"}).json()["measures"]
    assert draft_id in {m["id"] for m in drafts}
