"""What each role may and may not see and do, through the API (tokens) and the CLI (--as):
the one policy scopes lists, case pages and writes alike."""

from __future__ import annotations

import json

import pytest
from deskkit import error_of, post

# Which of the fixture's cases each user sees.
SEES = {
    "cons_n": {"mine", "team", "pool"},
    "cons_s": {"south", "pool"},
    "sup_n": {"mine", "team", "pool"},
    "ana": {"mine", "team", "pool", "south"},
    "edi": set(),
    "adm": {"mine", "team", "pool", "south"},
}


@pytest.mark.store
@pytest.mark.parametrize("username", sorted(SEES))
def test_api_lists_and_pages_agree_with_the_policy(client, desk, username):
    listed = client.get("/api/cases", **desk.auth(username))
    assert listed.status_code == 200
    numbers = {c["case_no"] for c in listed.json()["cases"]}
    expected = {desk.cases[k] for k in SEES[username]}
    assert numbers == expected and listed.json()["count"] == len(expected)
    for key, case_no in desk.cases.items():
        page = client.get(f"/api/cases/{case_no}", **desk.auth(username))
        if key in SEES[username]:
            assert page.status_code == 200 and page.json()["case_no"] == case_no
        else:  # exactly the answer for a case that does not exist
            assert error_of(page, 404) == f"找不到案件「{case_no}」"
    assert error_of(client.get("/api/cases/115-999999", **desk.auth(username)), 404) == "找不到案件「115-999999」"


@pytest.mark.parametrize("username", sorted(SEES))
def test_cli_lists_and_shows_agree_with_the_policy(cli, desk, username):
    code, out, err = cli("cases", "list", "--as", username, "--json")
    assert code == 0, err
    assert {c["case_no"] for c in json.loads(out)["cases"]} == {desk.cases[k] for k in SEES[username]}
    for key, case_no in desk.cases.items():
        code, out, err = cli("cases", "show", case_no, "--as", username, "--json")
        if key in SEES[username]:
            assert code == 0 and json.loads(out)["case_no"] == case_no
        else:
            assert code == 2 and out == "" and err == f"錯誤：找不到案件「{case_no}」\n"


def test_anonymous_gets_401_everywhere(client, desk):
    case_no = desk.cases["pool"]
    for response in (client.get("/api/cases"), client.get(f"/api/cases/{case_no}"),
                     post(client, "/api/cases", {"channel": "web", "kind": "inquiry"}),
                     post(client, f"/api/cases/{case_no}", {"status": "triaged"}, method="patch"),
                     client.get("/api/intake/lookup?ubn=04595257")):
        assert "登入" in error_of(response, 401)
    bad = client.get("/api/cases", HTTP_AUTHORIZATION="Bearer fdo_not-a-token")
    assert error_of(bad, 401) == "API 權杖無效或已停用"
    basic = client.get("/api/cases", HTTP_AUTHORIZATION="Basic abc")
    assert "Bearer" in error_of(basic, 401)


def test_analyst_reads_everything_masked_and_writes_nothing(client, cli, desk):
    from fudao.cases.models import Case, HistoryEntry

    case_no = desk.cases["south"]
    seen = client.get(f"/api/cases/{case_no}", **desk.auth("ana")).json()
    assert seen["contact"] == {"name": "王○○", "phone": "＊＊＊＊＊＊＊＊＊＊89", "email": "w＊＊＊@example.com"}
    listed = client.get("/api/cases", **desk.auth("ana")).json()["cases"]
    assert all(c["contact"]["name"] == "王○○" for c in listed)
    code, out, _ = cli("cases", "show", case_no, "--as", "ana", "--json")
    assert json.loads(out)["contact"]["phone"].endswith("89") and "2345" not in out
    before = HistoryEntry.objects.count(), Case.objects.count()
    assert "不能受理" in error_of(post(client, "/api/cases", {"channel": "web", "kind": "inquiry"},
                                       **desk.auth("ana")), 403)
    assert "只能檢視" in error_of(post(client, f"/api/cases/{case_no}", {"status": "triaged"},
                                       method="patch", **desk.auth("ana")), 403)
    assert error_of(post(client, f"/api/cases/{case_no}/activities", {"type": "note"},
                         **desk.auth("ana")), 403)
    code, _, err = cli("cases", "log", case_no, "note", "--as", "ana")
    assert code == 2 and "只能檢視" in err
    code, _, err = cli("cases", "open", "--channel", "web", "--kind", "inquiry", "--as", "ana")
    assert code == 2 and "不能受理" in err
    assert (HistoryEntry.objects.count(), Case.objects.count()) == before


def test_desk_roles_see_contacts_in_full(client, desk):
    seen = client.get(f"/api/cases/{desk.cases['mine']}", **desk.auth("cons_n")).json()
    assert seen["contact"] == {"name": "王小明", "phone": "02-2345-6789", "email": "wang@example.com"}


def test_editor_sees_no_cases_and_may_not_open(client, cli, desk):
    assert client.get("/api/cases", **desk.auth("edi")).json() == {"cases": [], "count": 0}
    assert error_of(post(client, "/api/cases", {"channel": "web", "kind": "inquiry"},
                         **desk.auth("edi")), 403)
    code, _, err = cli("cases", "update", desk.cases["pool"], "--status", "triaged", "--as", "edi")
    assert code == 2 and "找不到案件" in err


def test_consultant_works_own_team_and_pool_not_others(client, cli, desk):
    auth = desk.auth("cons_n")
    opened = post(client, "/api/cases", {"channel": "hotline", "kind": "financing", "ubn": "10000004",
                                         "name": "北一公司", "summary": "週轉金"}, **auth)
    assert opened.status_code == 201, opened.content
    new = opened.json()
    assert new["team"] == "north" and new["history"][0]["by"] == "cons_n"
    # the team's case and the pool: may change; another team's: not found
    assert post(client, f"/api/cases/{desk.cases['team']}", {"status": "in_progress"}, method="patch",
                **auth).json()["status"] == "in_progress"
    logged = post(client, f"/api/cases/{desk.cases['pool']}/activities",
                  {"type": "call", "data": {"text": "回電說明"}}, **auth)
    assert logged.status_code == 201 and logged.json()["activity"]["type"] == "call"
    assert error_of(post(client, f"/api/cases/{desk.cases['south']}", {"status": "triaged"},
                         method="patch", **auth), 404)
    # may take a case, may not hand it to a colleague
    assert post(client, f"/api/cases/{desk.cases['pool']}", {"assignee": "cons_n"}, method="patch",
                **auth).json()["assignee"] == "cons_n"
    handed = post(client, f"/api/cases/{desk.cases['mine']}", {"assignee": "cons_n2"}, method="patch", **auth)
    assert "督導" in error_of(handed, 403)
    code, _, err = cli("cases", "merge", desk.cases["team"], "--into", desk.cases["mine"], "--as", "cons_n")
    assert code == 2 and "督導" in err


def test_supervisor_assigns_within_team_and_merges(client, cli, desk):
    auth = desk.auth("sup_n")
    moved = post(client, f"/api/cases/{desk.cases['pool']}", {"assignee": "cons_n2"}, method="patch", **auth)
    assert moved.status_code == 200 and moved.json()["assignee"] == "cons_n2" and moved.json()["team"] == "north"
    assert "自己團隊" in error_of(post(client, f"/api/cases/{desk.cases['mine']}", {"assignee": "cons_s"},
                                       method="patch", **auth), 403)
    code, out, err = cli("cases", "merge", desk.cases["team"], "--into", desk.cases["mine"],
                         "--as", "sup_n", "--json")
    assert code == 0, err
    merged = json.loads(out)
    assert merged["status"] == "merged" and merged["merged_into"] == desk.cases["mine"]
    assert merged["history"][-1]["by"] == "sup_n"
    code, _, err = cli("cases", "merge", desk.cases["south"], "--into", desk.cases["mine"], "--as", "sup_n")
    assert code == 2 and "找不到案件" in err


def test_admin_and_local_admin_do_everything(client, cli, desk):
    changed = post(client, f"/api/cases/{desk.cases['south']}", {"assignee": "cons_n"}, method="patch",
                   **desk.auth("adm"))
    assert changed.json()["assignee"] == "cons_n" and changed.json()["team"] == "north"
    code, out, _ = cli("cases", "list", "--json")
    assert code == 0 and json.loads(out)["count"] == 4
    code, out, _ = cli("cases", "update", desk.cases["pool"], "--status", "triaged", "--json")
    assert code == 0 and json.loads(out)["history"][-1]["by"] == "本機管理者"


def test_session_user_is_accepted(client, desk):
    assert client.login(username="cons_n", password="Desk-pass-2024!x")
    assert client.get("/api/cases").json()["count"] == 3
