"""The OpenAPI document tells clients (and schemathesis) how to authenticate: the Bearer token and
the session, on exactly the operations that need a user."""

from __future__ import annotations


def test_openapi_declares_the_bearer_token_on_the_operations_that_need_a_user(client, db):
    spec = client.get("/api/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["BearerAuth"] == {**schemes["BearerAuth"], "type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie" and schemes["SessionAuth"]["name"] == "sessionid"
    secured, public = set(), set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            (secured if "security" in operation else public).add(f"{method.upper()} {path}")
            if "security" in operation:
                assert operation["security"] == [{"BearerAuth": []}, {"SessionAuth": []}]
                assert {"401", "429"} <= set(operation["responses"]), (method, path)
            else:
                assert "401" not in operation["responses"], (method, path)
    assert {"GET /api/cases", "POST /api/cases", "PATCH /api/cases/{case_no}", "GET /api/intake/lookup",
            "GET /api/reports/kpi"} <= secured
    assert {"GET /api/search", "POST /api/match", "GET /api/measures", "GET /api/events"} <= public

