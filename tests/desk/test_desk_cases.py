"""Cases through the CLI and the services: the allowed and refused transitions, history written
in the same transaction as the change, and bad input refused in zh-TW with nothing written."""

from __future__ import annotations

import json

import pytest
from deskkit import UBNS, open_as_admin


def counts():
    from fudao.cases.models import Activity, Case, HistoryEntry
    from fudao.enterprises.models import Enterprise

    return (Case.objects.count(), HistoryEntry.objects.count(), Activity.objects.count(),
            Enterprise.objects.count())


@pytest.mark.store
def test_flow_from_new_to_closed_and_reopened(cli, db):
    case_no = open_as_admin(ubn=UBNS[0])
    for status in ("triaged", "in_progress", "waiting_enterprise", "in_progress", "resolved", "closed",
                   "in_progress"):
        reason = ["--reason", "answered"] if status in ("resolved", "closed") else []
        code, out, err = cli("cases", "update", case_no, "--status", status, *reason, "--json")
        assert code == 0, err
        assert json.loads(out)["status"] == status
    history = json.loads(cli("cases", "show", case_no, "--json")[1])["history"]
    assert [h["new"] for h in history if h["field"] == "status"] == [
        "new", "triaged", "in_progress", "waiting_enterprise", "in_progress", "resolved", "closed",
        "in_progress"]
    assert all(h["by"] == "本機管理者" for h in history)


@pytest.mark.parametrize(("path", "status", "words"), [
    (["triaged", "in_progress", "resolved", "closed"], "waiting_enterprise", "不能由「已結案」改為「待企業回覆」"),
    (["in_progress"], "triaged", "不能由「處理中」改為「已分類」"),
    ([], "closed", "不能由「新案」改為「已結案」"),
    ([], "merged", "不能由「新案」改為「已併案」"),
    ([], "done", "狀態 status「done」不存在"),
])
def test_refused_transitions_write_nothing(cli, db, path, status, words):
    case_no = open_as_admin()
    for step in path:
        reason = ["--reason", "answered"] if step in ("resolved", "closed") else []
        assert cli("cases", "update", case_no, "--status", step, *reason)[0] == 0
    before = counts()
    code, out, err = cli("cases", "update", case_no, "--status", status)
    assert code == 2 and out == "" and err.startswith("錯誤：") and words in err
    assert counts() == before


@pytest.mark.store
def test_a_failing_change_leaves_no_history(db, monkeypatch):
    from fudao.accounts.actors import LOCAL
    from fudao.cases import services
    from fudao.cases.models import Case, HistoryEntry

    case_no = open_as_admin()
    before = HistoryEntry.objects.count()

    def broken(case):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "refresh_sla", broken)  # fails after the history row is saved
    with pytest.raises(RuntimeError):
        services.change_status(case_no=case_no, status="triaged", by=LOCAL)
    assert HistoryEntry.objects.count() == before
    assert Case.objects.get(case_no=case_no).status == "new"


@pytest.mark.parametrize(("args", "words"), [
    (["--channel", "hotline", "--kind", "inquiry", "--ubn", "12345678"], "統一編號「12345678」"),
    (["--channel", "fax", "--kind", "inquiry"], "來源 channel「fax」不存在"),
    (["--channel", "web", "--kind", "loan"], "類別 kind「loan」不存在"),
    (["--channel", "web", "--kind", "inquiry", "--opened-at", "2999-01-01T09:00:00+08:00"], "不可晚於現在"),
    (["--channel", "web", "--kind", "inquiry", "--opened-at", "yesterday"], "不是 ISO 8601"),
    (["--channel", "web", "--kind", "inquiry", "--needs", "money"], "需求「money」不存在"),
    (["--channel", "web", "--kind", "inquiry", "--contact-phone", "123"], "聯絡電話"),
    (["--channel", "web", "--kind", "inquiry", "--as", "nobody"], "找不到帳號「nobody」"),
])
def test_bad_open_is_refused_in_chinese_and_writes_nothing(cli, db, args, words):
    before = counts()
    code, out, err = cli("cases", "open", *args, "--json")
    assert code == 2 and out == "" and err.startswith("錯誤：") and words in err, err
    assert counts() == before


def test_bad_activity_and_unknown_case(cli, db):
    case_no = open_as_admin()
    before = counts()
    for args, words in [
        ([case_no, "fax"], "活動類型「fax」不存在"),
        ([case_no, "application", "--data", '{"measure_id": "x", "stage": "approved"}'], "amount_twd"),
        ([case_no, "note", "--data", "{oops"], "--data 不是有效的 JSON"),
        ([case_no, "call", "--at", "2999-01-01T00:00:00+08:00"], "不可晚於現在"),
        (["115-999999", "note"], "找不到案件「115-999999」"),
        (["bogus", "note"], "找不到案件「bogus」"),
    ]:
        code, _, err = cli("cases", "log", *args)
        assert code == 2 and words in err, err
    assert counts() == before


def test_open_with_assignee_and_log_amount_in_chinese(cli, people):
    code, out, err = cli("cases", "open", "--channel", "hotline", "--kind", "financing", "--ubn", UBNS[4],
                         "--name", "南一公司", "--assign", "cons_s", "--needs", "finance,export",
                         "--as", "sup_s", "--json")
    assert code == 0, err
    case = json.loads(out)
    assert case["assignee"] == "cons_s" and case["team"] == "south" and case["needs"] == ["finance", "export"]
    assert case["case_no"].endswith("-000001")
    code, out, err = cli("cases", "log", case["case_no"], "financing_outcome", "--data",
                         '{"bank": "臺灣銀行", "amount_twd": "2億6,180萬"}', "--as", "cons_s", "--json")
    assert code == 0, err
    assert json.loads(out)["activity"]["amount_twd"] == 261_800_000


@pytest.mark.store
def test_only_staff_openings_update_the_enterprise_record(db):
    from fudao.accounts.actors import ANONYMOUS, LOCAL
    from fudao.cases.services import ContactInput, open_case
    from fudao.enterprises.models import Enterprise

    open_case(channel="hotline", kind="inquiry", by=LOCAL, ubn=UBNS[0], enterprise_name="甲公司",
              facts={"county": "臺中市"}, contact=ContactInput(name="林小姐", phone="04-2222-3333"))
    # an anonymous caller never changes it, even without update_enterprise=False
    case = open_case(channel="web", kind="inquiry", by=ANONYMOUS, ubn=UBNS[0], enterprise_name="乙公司",
                     facts={"county": "高雄市"}, contact=ContactInput(name="陳先生", phone="07-3333-4444"))
    firm = Enterprise.objects.get(ubn=UBNS[0])
    assert (firm.name, firm.county, firm.contacts.count()) == ("甲公司", "臺中市", 1)
    assert (case.enterprise_id, case.enterprise_name, case.contact_name) == (firm.pk, "乙公司", "陳先生")
    # nor does staff asking not to
    open_case(channel="hotline", kind="inquiry", by=LOCAL, ubn=UBNS[0], enterprise_name="丙公司",
              update_enterprise=False, contact=ContactInput(name="黃小姐", phone="02-2345-0000"))
    assert Enterprise.objects.get(ubn=UBNS[0]).name == "甲公司" and firm.contacts.count() == 1
    # a staff opening still updates the record and adds the contact
    open_case(channel="hotline", kind="inquiry", by=LOCAL, ubn=UBNS[0], enterprise_name="甲公司新名",
              contact=ContactInput(name="黃小姐", phone="02-2345-0000"))
    assert Enterprise.objects.get(ubn=UBNS[0]).name == "甲公司新名" and firm.contacts.count() == 2


@pytest.mark.store
def test_cli_marks_a_planned_visit_done(cli, db):
    import datetime as dt

    from django.utils import timezone

    case_no = open_as_admin(ubn=UBNS[0], kind="counselling")
    planned_for = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    code, out, err = cli("cases", "log", case_no, "visit", "--data",
                         json.dumps({"done": False, "planned_for": planned_for}), "--json")
    assert code == 0, err
    visit_id = json.loads(out)["activity"]["id"]
    code, out, err = cli("cases", "visit-done", case_no, str(visit_id), "--experts", "王大明,林技師",
                         "--text", "完成訪視", "--json")
    assert code == 0, err
    shown = json.loads(out)["activity"]
    assert (shown["id"], shown["done"], shown["experts"], shown["planned_for"]) == (
        visit_id, True, ["王大明", "林技師"], planned_for)
    history = json.loads(cli("cases", "show", case_no, "--json")[1])["history"]
    assert {"field": f"visit#{visit_id}", "old": "planned", "new": "done"}.items() <= history[-1].items()
    for args, message in [((str(visit_id),), "已完成"), (("abc",), "訪視編號「abc」須為數字"),
                          (("999999",), "沒有編號 999999 的訪視"),
                          ((str(visit_id), "--at", "someday"), "訪視時間 --at")]:
        code, out, err = cli("cases", "visit-done", case_no, *args)
        assert code == 2 and out == "" and message in err, err
    code, _, err = cli("cases", "visit-done", "115-999999", str(visit_id))
    assert code == 2 and "找不到案件「115-999999」" in err
