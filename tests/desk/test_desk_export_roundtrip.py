"""`fudao cases export --year Y` writes a year's case records in the import's own format: the
year's records (cases — one merged into another, one resolved with its reason — and their
activities: a diagnosis, a loan advised against, a debt negotiation's terms, a scheduled
follow-up) exported, imported into a store emptied of cases, and exported again give the same
records, as JSON Lines and as CSV (both stores)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from deskkit import UBNS

YEAR = 115  # 2026


def ok(cli, *args: str) -> str:
    code, out, err = cli(*args)
    assert code == 0, (args, out, err)
    return out


def opened(cli, *args: str) -> str:
    return json.loads(ok(cli, "cases", "open", *args, "--json"))["case_no"]


def make_year(cli) -> None:
    """The year's casework, through the commands a desk uses."""
    a = opened(cli, "--channel", "hotline", "--kind", "financing", "--ubn", UBNS[0], "--name", "甲公司",
               "--contact-name", "林小姐", "--contact-phone", "+886-4-2222-3333", "--needs", "finance",
               "--summary", "=週轉金（以等號開頭的摘要）", "--opened-at", "2026-03-02T09:00:00+08:00",
               "--assign", "cons_n")
    b = opened(cli, "--channel", "web", "--kind", "inquiry", "--ubn", UBNS[1],
               "--contact-email", "b@example.com", "--opened-at", "2026-03-03T10:00:00+08:00")
    dup = opened(cli, "--channel", "email", "--kind", "financing", "--ubn", UBNS[0],
                 "--opened-at", "2026-03-04T11:00:00+08:00")
    ok(cli, "cases", "merge", dup, "--into", a)
    for kind, at, data in [
        ("call", "2026-03-02T10:00:00+08:00", {"text": "初次聯繫", "direction": "out"}),
        ("visit", "2026-03-05T14:00:00+08:00", {"mode": "onsite", "experts": ["林專家", "王專家"], "text": "訪視"}),
        ("application", "2026-03-06T09:00:00+08:00", {"measure_id": "smb-diverse-loan-plus", "stage": "submitted"}),
        ("application", "2026-11-20T09:00:00+08:00", {"measure_id": "smb-diverse-loan-plus", "stage": "approved",
                                                      "amount_twd": 3_000_000}),
        ("note", "2026-11-21T09:00:00+08:00", {"text": "-負號開頭的備註"}),
        ("referral", "2026-11-22T09:00:00+08:00", {"to": "smeg", "text": "信保", "consent": True}),
        ("diagnosis", "2026-11-23T09:00:00+08:00", {"findings": {"finance": "負債比偏高", "market": "外銷集中"},
                                                    "recommended_measures": ["smb-diverse-loan-plus"]}),
        ("financing_outcome", "2026-11-24T09:00:00+08:00", {"result": "not_recommended",
                                                            "improvement_plan": "先降低短期負債"}),
    ]:
        ok(cli, "cases", "log", a, kind, "--at", at, "--data", json.dumps(data, ensure_ascii=False))
    debt = opened(cli, "--channel", "hotline", "--kind", "debt", "--ubn", UBNS[1],
                  "--opened-at", "2026-11-02T09:00:00+08:00")
    ok(cli, "cases", "log", debt, "debt_outcome", "--at", "2026-11-25T09:00:00+08:00", "--data", json.dumps({
        "amount_twd": 1_200_000, "bank": "甲銀行", "creditors": ["乙銀行"], "terms": ["extension"],
        "meeting": {"date": "2026-11-20", "called_by": "甲銀行", "attendees": "甲銀行、乙銀行"}}, ensure_ascii=False))
    ok(cli, "cases", "log", b, "call", "--at", "2026-03-03T11:00:00+08:00", "--data", '{"text": "回覆"}')
    ok(cli, "cases", "update", b, "--status", "resolved", "--reason", "answered",
       "--at", "2026-03-04T09:00:00+08:00")


def export(cli, tmp: Path, name: str, *args: str) -> str:
    path = tmp / name
    ok(cli, "cases", "export", "--year", str(YEAR), *args, "--out", str(path))
    return path.read_text(encoding="utf-8")


def empty_store() -> None:
    """Every case record gone (the teams and users stay: the records name them)."""
    from fudao.cases.models import Activity, Case, CaseMeasure, HistoryEntry
    from fudao.enterprises.models import Contact, Enterprise

    for model in (HistoryEntry, CaseMeasure, Activity):
        model.objects.all().delete()
    Case.objects.update(merged_into=None)
    Case.objects.all().delete()
    Contact.objects.all().delete()
    Enterprise.objects.all().delete()


def imported(cli, *args: str) -> dict:
    code, out, _ = cli("import", *args, "--json")
    report = json.loads(out)
    assert code == 0 and report["errors"] == [], report
    return report


@pytest.mark.store
def test_a_years_records_come_back_the_same_through_jsonl_and_csv(cli, people, tmp_path):
    from fudao.cases.models import Activity, Case

    make_year(cli)
    first = export(cli, tmp_path, "first.jsonl")
    records = [json.loads(line) for line in first.splitlines()]
    cases = {r["case_no"]: r for r in records if r["type"] == "case"}
    assert len(cases) == 4 and sum(r["type"] == "activity" for r in records) >= 7
    merged = [r for r in cases.values() if r["status"] == "merged"]
    assert len(merged) == 1 and merged[0]["merged_into"] in cases
    assert any(r.get("reason") == "answered" for r in cases.values())
    scheduled = [r for r in records if r.get("activity") == "follow_up"]
    assert scheduled and all("step" in r and "trigger" not in r for r in scheduled)
    (diagnosis,) = [r for r in records if r.get("activity") == "diagnosis"]
    assert diagnosis["findings"] == {"finance": "負債比偏高", "market": "外銷集中"}
    (debt,) = [r for r in records if r.get("activity") == "debt_outcome"]
    assert debt["creditors"] == ["甲銀行", "乙銀行"] and debt["meeting"]["called_by"] == "甲銀行"
    follow_ups = Activity.objects.filter(type="follow_up").count()
    cases_csv = export(cli, tmp_path, "cases.csv", "--format", "csv", "--type", "case")
    activities_csv = export(cli, tmp_path, "activities.csv", "--format", "csv", "--type", "activity")
    assert "'=週轉金" in cases_csv  # a formula-like cell is quoted in the spreadsheet

    empty_store()
    assert Case.objects.count() == 0
    report = imported(cli, str(tmp_path / "first.jsonl"))
    assert report["created"]["case"] == 4
    assert export(cli, tmp_path, "second.jsonl") == first
    assert Activity.objects.filter(type="follow_up").count() == follow_ups  # rescheduled, not doubled
    assert Case.objects.get(status="merged").merged_into.case_no == merged[0]["merged_into"]

    empty_store()
    imported(cli, str(tmp_path / "cases.csv"), "--type", "case")
    imported(cli, str(tmp_path / "activities.csv"), "--type", "activity")
    assert export(cli, tmp_path, "third.jsonl") == first
    assert export(cli, tmp_path, "cases2.csv", "--format", "csv", "--type", "case") == cases_csv
    assert export(cli, tmp_path, "activities2.csv", "--format", "csv", "--type", "activity") == activities_csv


@pytest.mark.parametrize(("args", "message"), [
    (["--year", "0"], "民國年"),
    (["--year", "115", "--format", "xml"], "--format"),
    (["--year", "115", "--format", "csv"], "--type"),
    (["--year", "115", "--type", "case"], "只用於 CSV"),
])
def test_a_bad_export_option_is_refused_in_words(cli, db, args, message):
    code, out, err = cli("cases", "export", *args)
    assert code == 2 and message in err and out == ""


@pytest.mark.store
def test_an_analyst_who_sees_masked_contacts_cannot_export(cli, people):
    code, out, err = cli("cases", "export", "--year", str(YEAR), "--as", "ana")
    assert code == 2 and "遮蔽" in err and out == ""
