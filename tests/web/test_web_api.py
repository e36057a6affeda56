"""The JSON API under /api: the CLI's JSON for good input, a 4xx `{"error": zh-TW}` for bad input."""

from __future__ import annotations

import json
import re

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")


def error_of(response, status: int) -> str:
    """The zh-TW error message of a JSON error response with the expected status."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    message = response.json()["error"]
    assert CJK.search(message), message
    return message


def post_json(client, path: str, body: str):
    return client.post(path, data=body, content_type="application/json")


def test_search_returns_cited_hits(client, corpus_db):
    data = client.get("/api/search", {"q": "外銷貸款優惠保證加碼", "k": 3}).json()
    assert 1 <= len(data["hits"]) <= 3
    hit = data["hits"][0]
    assert set(hit) == {"doc", "section", "line_start", "line_end", "text", "score"}
    assert hit["doc"].startswith("003_")
    assert 1 <= hit["line_start"] <= hit["line_end"]


def test_search_within_one_document(client, corpus_db):
    hits = client.get("/api/search", {"q": "中小企業", "doc": "002_45bc8db0303d28b9"}).json()["hits"]
    assert hits and {h["doc"] for h in hits} == {"002_45bc8db0303d28b9"}
    assert "999_nothing" in error_of(client.get("/api/search", {"q": "中小企業", "doc": "999_nothing"}), 400)


def test_ask_returns_answer_with_citations(client, corpus_db):
    data = client.get("/api/ask", {"q": "外銷貸款優惠保證加碼的保證額度是多少？"}).json()
    assert data["answer"]
    assert data["citations"] and {"doc", "line_start", "line_end", "quote"} <= set(data["citations"][0])


@pytest.mark.parametrize("params, needle", [
    ({"q": "補助" * 300}, "過長"),
    ({"q": "   "}, "空白"),
    ({"q": "補助", "k": "abc"}, "整數"),
    ({"q": "補助", "k": 0}, "k"),
])
def test_search_rejects_bad_queries(client, corpus_db, params, needle):
    assert needle in error_of(client.get("/api/search", params), 400)


def test_ask_rejects_overlong_question(client, corpus_db):
    assert "過長" in error_of(client.get("/api/ask", {"q": "請問" * 400}), 400)


def test_measures_list_and_filters(client, corpus_db):
    everything = client.get("/api/measures", {"all": "true"}).json()
    assert everything["count"] == len(everything["measures"]) > 10
    guarantees = client.get("/api/measures", {"all": "true", "instrument": "guarantee"}).json()
    assert 0 < guarantees["count"] < everything["count"]
    assert {m["instrument"] for m in guarantees["measures"]} == {"guarantee"}


@pytest.mark.parametrize("params, needle", [
    ({"instrument": "lottery"}, "lottery"),
    ({"status": "secret"}, "secret"),
    ({"open_on": "2026-13-45"}, "open_on"),
    ({"all": "maybe"}, "all"),
])
def test_measures_rejects_bad_filters(client, corpus_db, params, needle):
    assert needle in error_of(client.get("/api/measures", params), 400)


def test_measure_by_id_and_unknown_id(client, corpus_db):
    data = client.get("/api/measures/export-loan-guarantee-plus").json()
    assert data["id"] == "export-loan-guarantee-plus"
    assert data["sources"]["name"]["doc"].startswith("003_")
    assert "no-such-measure" in error_of(client.get("/api/measures/no-such-measure"), 404)


def test_match_returns_results_for_a_profile(client, corpus_db):
    profile = {"org_type": "company", "industry_section": "C", "employees": 8, "paid_in_capital_twd": 5_000_000}
    results = post_json(client, "/api/match", json.dumps(profile)).json()["results"]
    assert results
    first = results[0]
    assert {"measure_id", "name", "status", "reasons", "missing_facts", "max_amount_twd", "sources"} <= set(first)
    assert {r["status"] for r in results} <= {"eligible", "ineligible", "unknown"}


def test_match_explain_and_date_options(client, corpus_db):
    body = json.dumps({"org_type": "company"})
    explained = post_json(client, "/api/match?explain=true&on=2026-01-01", body).json()["results"]
    assert any("trace" in r for r in explained)
    assert "on" in error_of(post_json(client, "/api/match?on=someday", body), 400)


@pytest.mark.parametrize("body, needle", [
    ('{"employees": -3}', "employees"),
    ('{"org_type": "pirate"}', "org_type"),
    ('{"ubn": "12345678"}', "ubn"),
    ('{"favourite_colour": "blue"}', "favourite_colour"),
    ('{"employees": "many"}', "employees"),
    ("[1, 2]", "JSON 物件"),
    ('{"employees": 3', "JSON"),
    ("", "企業資料"),
    ("\xff\xfe", "JSON"),
])
def test_match_rejects_bad_profiles(client, corpus_db, body, needle):
    assert needle in error_of(post_json(client, "/api/match", body), 400)


def test_match_rejects_oversized_body(client, corpus_db):
    body = json.dumps({"name": "x" * 100_000})
    error_of(post_json(client, "/api/match", body), 413)


@pytest.mark.parametrize("method, path", [
    ("get", "/api/match"), ("delete", "/api/match"), ("post", "/api/search"), ("put", "/api/measures"),
])
def test_wrong_method_is_405_json(client, method, path):
    response = getattr(client, method)(path)
    assert "方法" in error_of(response, 405)
    assert response.has_header("Allow")


def test_unknown_api_path_is_json_404(client):
    assert "/api/nothing/here" in error_of(client.get("/api/nothing/here"), 404)


def test_openapi_document_lists_every_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in ("/api/search", "/api/ask", "/api/measures", "/api/measures/{measure_id}", "/api/match"):
        assert path in paths, path
    assert "requestBody" in paths["/api/match"]["post"]
    assert {p["name"] for p in paths["/api/measures"]["get"]["parameters"]} >= {
        "facet", "agency", "instrument", "open_on", "status"}


def _refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolve(document, ref: str):
    """The node a local JSON pointer `#/a/b` names in the document (KeyError if none)."""
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_every_ref_in_the_openapi_document_resolves(client):
    """Every `$ref` of /api/openapi.json points at a schema of the document: the request bodies
    given as pydantic schemas (a case's contact, a subscription, a registration) included."""
    schema = client.get("/api/openapi.json").json()
    refs = set(_refs(schema))
    assert "#/components/schemas/ContactIn" in refs  # the case intake body's contact
    unresolved = []
    for ref in sorted(refs):
        try:
            target = _resolve(schema, ref)
        except (KeyError, TypeError):
            unresolved.append(ref)
            continue
        assert isinstance(target, dict) and target, ref
    assert unresolved == []
    assert "$defs" not in json.dumps(schema)


def test_no_cdn_docs_page(client):
    """The Swagger page (which loads from a CDN) is off; the schema is the documentation."""
    assert client.get("/api/docs").status_code == 404
