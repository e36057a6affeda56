"""The cases API: bad input answered 400 in zh-TW naming the field with nothing written, the
intake's duplicate lookup, triage and attaching measures, and the OpenAPI document."""

from __future__ import annotations

import pytest
from deskkit import UBNS, error_of, post

from fudao.cases.models import Case, HistoryEntry


def _state():
    return Case.objects.count(), HistoryEntry.objects.count()


@pytest.mark.parametrize(("body", "words"), [
    ({"channel": "fax", "kind": "inquiry"}, "來源 channel「fax」不存在"),
    ({"channel": "web", "kind": "loan"}, "類別 kind「loan」不存在"),
    ({"channel": "web", "kind": "inquiry", "ubn": "12345678"}, "統一編號「12345678」"),
    ({"channel": "web", "kind": "inquiry", "opened_at": "2999-01-01T00:00:00+08:00"}, "不可晚於現在"),
    ({"channel": "web", "kind": "inquiry", "opened_at": "soon"}, "受理時間 opened_at"),
    ({"kind": "inquiry"}, "缺少來源 channel"),
    ({"channel": "web", "kind": "inquiry", "colour": "red"}, "不認得的欄位「colour」"),
    ({"channel": "web", "kind": "inquiry", "needs": "finance"}, "需求 needs"),
    ({"channel": "web", "kind": "inquiry", "assignee": "cons_s"}, "顧問只能將案件指派給自己"),
])
def test_bad_new_case_is_400_and_writes_nothing(client, desk, body, words):
    before = _state()
    response = post(client, "/api/cases", body, **desk.auth("cons_n"))
    assert response.status_code in (400, 403)
    assert words in response.json()["error"]
    assert _state() == before


def test_bad_json_and_bad_changes(client, desk):
    auth = desk.auth("cons_n")
    raw = client.post("/api/cases", data="{oops", content_type="application/json", **auth)
    assert "不是有效的 JSON" in error_of(raw, 400)
    case_no = desk.cases["mine"]
    before = _state()
    assert "不能由「新案」改為「已結案」" in error_of(
        post(client, f"/api/cases/{case_no}", {"status": "closed"}, method="patch", **auth), 400)
    assert "狀態 status「gone」不存在" in error_of(
        post(client, f"/api/cases/{case_no}", {"status": "gone"}, method="patch", **auth), 400)
    assert "活動類型「fax」" in error_of(post(client, f"/api/cases/{case_no}/activities", {"type": "fax"}, **auth), 400)
    assert "狀態 status「x」" in error_of(client.get("/api/cases?status=x", **auth), 400)
    assert "日期 from" in error_of(client.get("/api/cases?from=2024-13-01", **auth), 400)
    assert "逾期 overdue" in error_of(client.get("/api/cases?overdue=maybe", **auth), 400)
    assert _state() == before


def test_list_filters(client, desk):
    auth = desk.auth("adm")
    post(client, f"/api/cases/{desk.cases['pool']}", {"status": "triaged"}, method="patch", **auth)
    triaged = client.get("/api/cases?status=triaged", **auth).json()
    assert [c["case_no"] for c in triaged["cases"]] == [desk.cases["pool"]]
    north = client.get("/api/cases?team=north", **auth).json()
    assert {c["case_no"] for c in north["cases"]} == {desk.cases["mine"], desk.cases["team"]}
    assert client.get("/api/cases?assignee=cons_s", **auth).json()["count"] == 1
    assert client.get("/api/cases?overdue=true", **auth).json()["count"] == 0
    assert client.get("/api/cases?from=2999-01-01", **auth).json()["count"] == 0


def test_intake_lookup_proposes_the_enterprise_and_its_open_cases(client, desk):
    auth = desk.auth("cons_n")
    found = client.get(f"/api/intake/lookup?ubn={UBNS[0]}", **auth).json()["matches"]
    assert found[0]["ubn"] == UBNS[0] and found[0]["open_cases"] == [desk.cases["mine"]]
    by_phone = client.get("/api/intake/lookup?phone=(02)2345-6789", **auth).json()["matches"]
    assert {m["ubn"] for m in by_phone} >= {UBNS[0], UBNS[2]}
    assert desk.cases["south"] not in {n for m in by_phone for n in m["open_cases"]}  # not visible
    assert "統一編號" in error_of(client.get("/api/intake/lookup?ubn=1234", **auth), 400)
    assert error_of(client.get(f"/api/intake/lookup?ubn={UBNS[0]}", **desk.auth("ana")), 403)


def test_triage_and_attach_measure(client, desk, corpus_db):
    auth = desk.auth("cons_n")
    case_no = desk.cases["mine"]
    panel = client.get(f"/api/cases/{case_no}/triage", **auth).json()
    assert panel["measures"] and {"status", "missing_facts", "sources"} <= set(panel["measures"][0])
    measure_id = panel["measures"][0]["measure_id"]
    attached = post(client, f"/api/cases/{case_no}/measures", {"measure_id": measure_id}, **auth)
    assert attached.status_code == 201 and attached.json()["measure_id"] == measure_id
    shown = client.get(f"/api/cases/{case_no}", **auth).json()
    assert [m["measure_id"] for m in shown["measures"]] == [measure_id]
    assert shown["history"][-1]["field"] == "measure"
    assert "不存在" in error_of(post(client, f"/api/cases/{case_no}/measures", {"measure_id": "nope"}, **auth), 400)
    assert error_of(client.get(f"/api/cases/{desk.cases['south']}/triage", **auth), 404)


def test_openapi_documents_the_case_routes(client):
    spec = client.get("/api/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/cases", "/api/cases/{case_no}", "/api/cases/{case_no}/activities",
                 "/api/cases/{case_no}/triage", "/api/cases/{case_no}/measures", "/api/intake/lookup"):
        assert path in paths, sorted(paths)
    created = paths["/api/cases"]["post"]
    assert {"201", "400", "401", "403"} <= set(created["responses"])
    assert "channel" in created["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert "404" in paths["/api/cases/{case_no}"]["get"]["responses"]


def test_a_planned_visit_is_marked_done_through_the_api(client, desk):
    import datetime as dt

    from django.utils import timezone

    case_no = desk.cases["mine"]
    auth = desk.auth("cons_n")
    planned_for = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    made = post(client, f"/api/cases/{case_no}/activities",
                {"type": "visit", "done": False, "planned_for": planned_for}, **auth)
    assert made.status_code == 201, made.content
    visit_id = made.json()["activity"]["id"]
    url = f"/api/cases/{case_no}/visits/{visit_id}/done"
    before = _state()
    assert "不認得的欄位「colour」" in error_of(post(client, url, {"colour": "red"}, **auth), 400)
    assert "訪視時間 at" in error_of(post(client, url, {"at": "soon"}, **auth), 400)
    assert "mode" in error_of(post(client, url, {"mode": "car"}, **auth), 400)
    assert "找不到案件" in error_of(post(client, url, {}, **desk.auth("cons_s")), 404)
    assert error_of(post(client, url, {}, **desk.auth("ana")), 403)
    assert error_of(post(client, url, {}), 401)
    assert _state() == before
    done = post(client, url, {"experts": ["王大明"], "text": "完成"}, **auth)
    assert done.status_code == 200, done.content
    assert (done.json()["activity"]["done"], done.json()["activity"]["experts"]) == (True, ["王大明"])
    assert "已完成" in error_of(post(client, url, {}, **auth), 400)
    assert "沒有編號 999999 的訪視" in error_of(
        post(client, f"/api/cases/{case_no}/visits/999999/done", {}, **auth), 400)
    spec = client.get("/api/openapi.json").json()
    assert "post" in spec["paths"]["/api/cases/{case_no}/visits/{visit_id}/done"]
