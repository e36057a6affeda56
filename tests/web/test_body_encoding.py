"""A form or JSON body not in UTF-8 (`charset=big5`, or bytes that are not UTF-8) answers 400
with a zh-TW message, pages and API alike, never a 500, and nothing is written."""

from __future__ import annotations

import re

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
SUBSCRIPTION = '{"email": "wang@example.com.tw", "facet": "financing"}'

BODIES = [
    pytest.param(f"{FORM}; charset=big5", "q=外銷貸款".encode("big5"), id="form-big5"),
    pytest.param(FORM, b"q=\xa5\x7e\xbe\x50\xff", id="form-bad-bytes"),
    pytest.param(f"{JSON}; charset=big5", SUBSCRIPTION.encode("big5"), id="json-big5"),
    pytest.param(JSON, SUBSCRIPTION.encode("utf-8")[:-2] + b"\xff\xfe}", id="json-bad-bytes"),
]


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(("content_type", "body"), BODIES)
def test_api_write_refuses_a_body_not_in_utf8_and_writes_nothing(client, db, content_type, body):
    from fudao.alerts.models import Subscription

    response = client.generic("POST", "/api/alerts/subscriptions", data=body, content_type=content_type)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    message = response.json()["error"]
    assert CJK.search(message) and "UTF-8" in message, message
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize(("content_type", "body"), BODIES)
def test_pages_refuse_a_body_not_in_utf8_with_the_zh_tw_page(client, db, content_type, body):
    response = client.generic("POST", "/check/", data=body, content_type=content_type)
    assert response.status_code == 400, response.content[:300]
    page = response.content.decode("utf-8")
    assert "UTF-8" in page and CJK.search(page)
    assert "Traceback" not in page


def test_utf8_bodies_still_pass(client, db):
    """The same JSON in UTF-8 (with or without the charset parameter) reaches the API's validation."""
    for content_type in (JSON, f"{JSON}; charset=utf-8", f"{JSON}; charset=UTF-8"):
        response = client.generic("POST", "/api/match", data=b'{"county": "\xe8\x87\xba\xe5\x8c\x97\xe5\xb8\x82"}',
                                  content_type=content_type)
        assert response.status_code != 500
        assert "UTF-8" not in response.json().get("error", ""), response.content[:300]
