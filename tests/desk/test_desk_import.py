"""`fudao import`: JSON Lines, CSV (UTF-8 and Big5) and XLSX round trips, idempotent re-import,
bad rows reported with the rest written, a file that is not an XLSX, and a kill -9 mid-import
that leaves the store consistent (every case with its history) and a rerun that completes."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from deskkit import UBNS

CASES = [
    {"type": "case", "case_no": "113-000007", "channel": "hotline", "kind": "financing",
     "status": "resolved", "opened_at": "2024-03-04T09:00:00+08:00", "resolved_at": "2024-03-06T10:00:00+08:00",
     "ubn": UBNS[0], "name": "甲公司", "contact_name": "林小姐", "contact_phone": "04-2222-3333",
     "needs": ["finance"], "summary": "週轉金", "reason": "applied"},
    {"type": "case", "case_no": "113-000008", "channel": "walk_in", "kind": "inquiry",
     "opened_at": "2024-03-05T14:00:00+08:00", "ubn": UBNS[1]},
]
ACTIVITIES = [
    {"type": "activity", "case_no": "113-000007", "activity": "visit", "at": "2024-03-05T10:00:00+08:00",
     "by": "顧問甲", "mode": "onsite", "experts": ["林專家"]},
    {"type": "activity", "case_no": "113-000007", "activity": "application", "at": "2024-03-05T11:00:00+08:00",
     "measure_id": "smb-diverse-loan-plus", "stage": "submitted"},
    {"type": "activity", "case_no": "113-000007", "activity": "application", "at": "2024-03-06T09:00:00+08:00",
     "measure_id": "smb-diverse-loan-plus", "stage": "approved", "amount_twd": "2億6,180萬"},
]
ENTERPRISE = {"type": "enterprise", "ubn": UBNS[0], "name": "甲公司", "employees": 40, "county": "臺中市",
              "contact_name": "林小姐", "contact_phone": "04-2222-3333", "consent_to_contact": True}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def report(cli, *args: str) -> tuple[int, dict]:
    code, out, err = cli("import", *args, "--json")
    assert out, err
    return code, json.loads(out)


@pytest.mark.store
def test_jsonl_round_trip_and_idempotent_reimport(cli, db, tmp_path):
    from fudao.cases.models import Activity, Case, HistoryEntry
    from fudao.enterprises.models import Contact, Enterprise

    # the enterprise comes last in the file but is written first (IMPORT_ORDER)
    path = write_jsonl(tmp_path / "past.jsonl", [*CASES, *ACTIVITIES, ENTERPRISE])
    code, first = report(cli, str(path))
    assert code == 0, first
    assert first == {"read": 6, "created": {"enterprise": 1, "case": 2, "activity": 3},
                     "updated": {"enterprise": 0, "case": 0, "activity": 0}, "errors": []}
    shown = json.loads(cli("cases", "show", "113-000007", "--json")[1])
    assert shown["status"] == "resolved" and shown["enterprise"] == {"ubn": UBNS[0], "name": "甲公司"}
    assert shown["closing_reason"] == "applied"
    assert shown["first_response_at"] == "2024-03-05T10:00:00+08:00"  # the visit
    stages = [(a["stage"], a.get("amount_twd")) for a in shown["activities"] if a["type"] == "application"]
    assert stages == [("submitted", None), ("approved", 261_800_000)]
    assert [h["new"] for h in shown["history"] if h["field"] == "status"] == ["new", "resolved"]
    # the 2024 approval's follow-up would be long past due: stale_after_days leaves it out
    assert not Activity.objects.filter(type="follow_up").exists()
    assert Enterprise.objects.get(ubn=UBNS[0]).employees == 40
    snapshot = (Case.objects.count(), Activity.objects.count(), HistoryEntry.objects.count(),
                Contact.objects.count(), Enterprise.objects.count())
    code, again = report(cli, str(path))
    assert code == 0
    assert again["created"] == {"enterprise": 0, "case": 0, "activity": 0}
    assert again["updated"] == {"enterprise": 1, "case": 2, "activity": 3}
    assert (Case.objects.count(), Activity.objects.count(), HistoryEntry.objects.count(),
            Contact.objects.count(), Enterprise.objects.count()) == snapshot
    # a new case without a number comes after the imported ones of its year
    opened = json.loads(cli("cases", "open", "--channel", "web", "--kind", "inquiry",
                            "--opened-at", "2024-06-01T10:00:00+08:00", "--json")[1])
    assert opened["case_no"] == "113-000009"


def _ago(days: int) -> str:
    """An instant `days` days back, ISO 8601 (Asia/Taipei)."""
    from django.utils import timezone

    return timezone.localtime(timezone.now() - dt.timedelta(days=days)).replace(microsecond=0).isoformat()


@pytest.mark.store
def test_imported_activities_go_through_the_casework_checks(cli, db, tmp_path):
    from fudao.cases.models import Activity, HistoryEntry

    loan = "smb-diverse-loan-plus"
    records = [
        {"type": "case", "case_no": "115-000101", "channel": "hotline", "kind": "counselling",
         "opened_at": _ago(20), "ubn": UBNS[0]},
        {"type": "case", "case_no": "115-000102", "channel": "hotline", "kind": "inquiry",
         "opened_at": _ago(20)},
        # line 3: the approval comes before its submission in the file, not in time
        {"type": "activity", "case_no": "115-000101", "activity": "application", "at": _ago(12),
         "measure_id": loan, "stage": "approved", "amount_twd": "100萬"},
        {"type": "activity", "case_no": "115-000101", "activity": "application", "at": _ago(15),
         "measure_id": loan, "stage": "submitted"},
        {"type": "activity", "case_no": "115-000101", "activity": "application", "at": _ago(14),
         "measure_id": loan, "stage": "disbursed", "amount_twd": 500_000},
        {"type": "activity", "case_no": "115-000101", "activity": "application", "at": _ago(10),
         "measure_id": loan, "stage": "disbursed", "amount_twd": "200萬"},
        {"type": "activity", "case_no": "115-000101", "activity": "application", "at": _ago(10),
         "measure_id": "no-such-measure", "stage": "submitted"},
        {"type": "activity", "case_no": "115-000101", "activity": "referral", "at": _ago(9),
         "to": "nowhere-team"},
        {"type": "activity", "case_no": "115-000102", "activity": "financing_outcome", "at": _ago(9),
         "bank": "臺灣銀行", "amount_twd": 1_000_000},
        {"type": "activity", "case_no": "115-000101", "activity": "visit", "at": _ago(30),
         "mode": "onsite"},
        {"type": "activity", "case_no": "115-000101", "activity": "visit", "at": _ago(8), "mode": "onsite"},
    ]
    code, result = report(cli, str(write_jsonl(tmp_path / "checked.jsonl", records)))
    assert code == 1
    assert result["created"] == {"case": 2, "activity": 3}
    errors = {e["line"]: e["error"] for e in result["errors"]}
    assert sorted(errors) == [5, 6, 7, 8, 9, 10]
    assert "申請階段「已撥款」順序不符" in errors[5] and "已送件" in errors[5]
    assert "撥款累計 2,000,000 元超過核定金額 1,000,000 元" in errors[6]
    assert "措施「no-such-measure」不存在" in errors[7]
    assert "轉介對象「nowhere-team」不存在" in errors[8]
    assert "只能記在類別為「融資協處」的案件" in errors[9]
    assert "活動時間 at不可早於案件受理時間" in errors[10]
    written = Activity.objects.filter(case__case_no="115-000101").exclude(type="follow_up")
    assert sorted((a.type, a.stage) for a in written) == [
        ("application", "approved"), ("application", "submitted"), ("visit", "")]
    assert not Activity.objects.filter(case__case_no="115-000102").exists()
    # the approval schedules its follow-up 30 days later, as `fudao cases log` does
    approval = written.get(stage="approved")
    (follow_up,) = Activity.objects.filter(type="follow_up", data__trigger=approval.pk)
    assert follow_up.due >= (approval.at + dt.timedelta(days=30)).date() and follow_up.done_at is None
    assert HistoryEntry.objects.filter(field="activity", new=f"follow_up#{follow_up.pk}").exists()
    assert approval.data["measure_name"]  # completed by the casework checks
    # re-importing the same file doubles nothing and refuses the same lines
    code, again = report(cli, str(tmp_path / "checked.jsonl"))
    assert again["created"]["activity"] == 0 and again["updated"]["activity"] == 3
    assert sorted(e["line"] for e in again["errors"]) == [5, 6, 7, 8, 9, 10]
    assert Activity.objects.filter(type="follow_up").count() == 1


def _csv(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    keys = sorted({k for r in rows for k in r if k != "type"})
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (",".join(v) if isinstance(v, list) else v) for k, v in r.items() if k != "type"})
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "big5"])
def test_csv_of_cases_with_a_bad_row(cli, db, tmp_path, encoding):
    from fudao.cases.models import Case

    bad = {**CASES[1], "case_no": "113-000009", "kind": "loan"}
    future = {**CASES[1], "case_no": "113-000010", "opened_at": "2999-01-01T00:00:00+08:00"}
    path = _csv(tmp_path / "cases.csv", [CASES[0], bad, CASES[1], future], encoding)
    code, result = report(cli, str(path), "--type", "case")
    assert code == 1
    assert result["created"] == {"case": 2}
    assert [e["line"] for e in result["errors"]] == [3, 5]
    assert "類別 kind「loan」不存在" in result["errors"][0]["error"]
    assert "opened_at" in result["errors"][1]["error"] and "不可晚於現在" in result["errors"][1]["error"]
    assert set(Case.objects.values_list("case_no", flat=True)) == {"113-000007", "113-000008"}
    assert Case.objects.get(case_no="113-000007").contact_name == "林小姐"


def test_xlsx_round_trip_of_enterprises_and_activities(cli, db, tmp_path):
    from openpyxl import Workbook

    from fudao.enterprises.models import Enterprise

    book = Workbook()
    sheet = book.active
    sheet.append(["ubn", "name", "employees", "registered_trader", "needs", "contact_name", "contact_phone"])
    sheet.append([UBNS[2], "丙公司", 12, "是", "export,finance", "陳先生", "02-2345-0000"])
    sheet.append(["12345678", "壞公司", 3, "否", "", "", ""])
    book.save(tmp_path / "firms.xlsx")
    code, result = report(cli, str(tmp_path / "firms.xlsx"), "--type", "enterprise")
    assert code == 1 and result["created"] == {"enterprise": 1}
    assert result["errors"][0]["line"] == 3 and "統一編號「12345678」" in result["errors"][0]["error"]
    firm = Enterprise.objects.get(ubn=UBNS[2])
    assert (firm.employees, firm.registered_trader, firm.needs) == (12, True, ["export", "finance"])
    assert firm.contacts.get().phone_digits == "0223450000"
    # activities from a sheet need their case on record
    assert report(cli, str(write_jsonl(tmp_path / "c.jsonl", CASES)))[0] == 0
    book = Workbook()
    sheet = book.active
    sheet.append(["case_no", "activity", "at", "by", "mode", "experts"])
    sheet.append(["113-000008", "visit", "2024-03-06T10:00:00+08:00", "顧問乙", "online", "王專家,李專家"])
    sheet.append(["113-000999", "visit", "2024-03-06T10:00:00+08:00", "顧問乙", "online", ""])
    book.save(tmp_path / "visits.xlsx")
    code, result = report(cli, str(tmp_path / "visits.xlsx"), "--type", "activity")
    assert code == 1 and result["created"] == {"activity": 1}
    assert "案號 case_no「113-000999」不存在" in result["errors"][0]["error"]
    visit = json.loads(cli("cases", "show", "113-000008", "--json")[1])["activities"][0]
    assert (visit["mode"], visit["experts"], visit["by"]) == ("online", ["王專家", "李專家"], "顧問乙")


def test_files_that_cannot_be_read(cli, db, tmp_path):
    (tmp_path / "fake.xlsx").write_text("ubn,name\n04595257,甲\n", encoding="utf-8")
    code, out, err = cli("import", str(tmp_path / "fake.xlsx"), "--type", "enterprise")
    assert code == 2 and out == "" and "不是有效的 XLSX" in err
    code, _, err = cli("import", str(_csv(tmp_path / "x.csv", [CASES[0]])))
    assert code == 2 and "--type" in err
    code, _, err = cli("import", str(tmp_path / "x.csv"), "--type", "widget")
    assert code == 2 and "資料類型「widget」不存在" in err
    code, _, err = cli("import", str(tmp_path / "missing.jsonl"))
    assert code == 2 and "找不到檔案" in err
    lines = write_jsonl(tmp_path / "mixed.jsonl", [{"type": "gadget"}, CASES[1]])
    with lines.open("a", encoding="utf-8") as f:
        f.write("{oops\n")
    code, result = report(cli, str(lines))
    assert code == 1 and result["created"] == {"case": 1}
    assert [e["line"] for e in result["errors"]] == [1, 3]


@pytest.mark.slow
def test_kill_during_import_leaves_a_consistent_store(tmp_path):
    total = 20_000
    lines = []
    for i in range(total):
        lines.append({"type": "case", "case_no": f"113-{i + 1:06d}", "channel": "hotline", "kind": "inquiry",
                      "status": "in_progress", "opened_at": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+08:00"})
    path = write_jsonl(tmp_path / "big.jsonl", lines)
    store = tmp_path / "store.sqlite3"
    env = dict(os.environ, FUDAO_DB=f"sqlite:///{store}", FUDAO_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=os.pathsep.join(sys.path))
    fudao = [sys.executable, "-c", "from fudao.cli.main import main; main()"]
    subprocess.run([*fudao, "cases", "list", "--json"], env=env, check=True, capture_output=True, timeout=120)

    def cases() -> int:
        with sqlite3.connect(store, timeout=30) as db:
            return int(db.execute("select count(*) from cases_case").fetchone()[0])

    run = subprocess.Popen([*fudao, "import", str(path), "--json"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while cases() == 0 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    run.send_signal(signal.SIGKILL)
    run.wait(30)
    written = cases()
    assert 0 < written < total, "the import was not interrupted mid-way"
    with sqlite3.connect(store) as db:
        orphans = db.execute("select count(*) from cases_case c where not exists "
                             "(select 1 from cases_historyentry h where h.case_id = c.id)").fetchone()[0]
        assert orphans == 0
        assert written % 1000 == 0  # whole chunks only
    done = subprocess.run([*fudao, "import", str(path), "--json"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["created"]["case"] == total - written and result["updated"]["case"] == written
    assert cases() == total


def test_a_bad_closing_reason_is_refused_by_line(cli, db, tmp_path):
    bad = [{**CASES[0], "reason": "bored"}, {**CASES[1], "reason": "answered"}]
    _code, result = report(cli, str(write_jsonl(tmp_path / "bad.jsonl", bad)))
    errors = [e["error"] for e in result["errors"]]
    assert [e["line"] for e in result["errors"]] == [1, 2]
    assert "結案原因 reason「bored」不存在" in errors[0] and "只用於狀態 resolved 或 closed" in errors[1]


@pytest.mark.store
def test_imported_debt_outcome_keeps_creditors_meeting_and_terms(cli, db, tmp_path):
    from fudao.cases.models import Activity

    records = [
        {"type": "case", "case_no": "115-000201", "channel": "hotline", "kind": "debt", "opened_at": _ago(20)},
        {"type": "activity", "case_no": "115-000201", "activity": "debt_outcome", "at": _ago(5),
         "bank": "華南銀行", "creditors": "彰化銀行、合作金庫", "amount_twd": "1億",
         "meeting": {"date": _ago(6)[:10], "called_by": "華南銀行"}, "terms": "extension,repayment_change"},
        {"type": "activity", "case_no": "115-000201", "activity": "debt_outcome", "at": _ago(5),
         "bank": "華南銀行", "amount_twd": "1億", "terms": ["forgive_all"]},
    ]
    code, result = report(cli, str(write_jsonl(tmp_path / "debt.jsonl", records)))
    assert code == 1 and result["created"] == {"case": 1, "activity": 1}
    assert [e["line"] for e in result["errors"]] == [3] and "terms" in result["errors"][0]["error"]
    row = Activity.objects.get(case__case_no="115-000201", type="debt_outcome")
    assert row.data["creditors"] == ["華南銀行", "彰化銀行", "合作金庫"]
    assert row.data["terms"] == ["extension", "repayment_change"] and row.data["meeting"]["called_by"] == "華南銀行"


MERGED = [  # the merged record comes before its target in the file
    {"type": "case", "case_no": "113-000031", "channel": "web", "kind": "inquiry", "status": "merged",
     "merged_into": "113-000030", "opened_at": "2024-04-02T09:00:00+08:00",
     "closed_at": "2024-04-02T11:00:00+08:00", "summary": "重複來電"},
    {"type": "case", "case_no": "113-000030", "channel": "hotline", "kind": "inquiry",
     "opened_at": "2024-04-01T09:00:00+08:00", "summary": "詢問補助"},
]


@pytest.mark.store
def test_merged_cases_import_and_reimport_unchanged(cli, db, tmp_path):
    from fudao.cases.models import Case, HistoryEntry

    path = write_jsonl(tmp_path / "merged.jsonl", MERGED)
    code, first = report(cli, str(path))
    assert code == 0 and first["created"]["case"] == 2 and first["errors"] == [], first
    shown = json.loads(cli("cases", "show", "113-000031", "--json")[1])
    assert shown["status"] == "merged" and shown["merged_into"] == "113-000030"
    target = json.loads(cli("cases", "show", "113-000030", "--json")[1])
    assert any(h["field"] == "merged_from" and h["new"] == "113-000031" for h in target["history"])
    snapshot = (Case.objects.count(), HistoryEntry.objects.count())
    code, again = report(cli, str(path))
    assert code == 0 and again["updated"]["case"] == 2 and again["errors"] == []
    assert (Case.objects.count(), HistoryEntry.objects.count()) == snapshot


@pytest.mark.store
@pytest.mark.parametrize("record, needle", [
    ({"status": "merged"}, "須有併入的案號"),
    ({"status": "new", "merged_into": "113-000030"}, "只用於狀態 merged"),
    ({"status": "merged", "merged_into": "113-000099"}, "不存在"),
    ({"status": "merged", "merged_into": "113-000031"}, "本身已併入他案"),
    ({"status": "merged", "merged_into": "113-000032"}, "不能併入自己"),
    ({"status": "merged", "merged_into": "abc"}, "merged_into"),
])
def test_a_bad_merge_is_refused_by_line_and_not_written(cli, db, tmp_path, record, needle):
    from fudao.cases.models import Case

    bad = {"type": "case", "case_no": "113-000032", "channel": "web", "kind": "inquiry",
           "opened_at": "2024-04-03T09:00:00+08:00", **record}
    path = write_jsonl(tmp_path / "bad.jsonl", [*MERGED, bad])
    _, result = report(cli, str(path))
    assert [e["line"] for e in result["errors"]] == [3], result
    assert needle in result["errors"][0]["error"]
    assert not Case.objects.filter(case_no="113-000032").exists()
    assert Case.objects.filter(case_no__in=["113-000030", "113-000031"]).count() == 2
