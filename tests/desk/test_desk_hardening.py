"""Issue 30: every bad value refused at the edge with a zh-TW message naming the field and
nothing written — non-finite and out-of-range numbers, counties that are not counties, NUL and
control characters, instants outside the service's life, undecodable bodies — on every entry
point (API, pages, CLI, import) and on both stores where the store matters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from deskkit import UBNS, error_of, post


def _counts() -> tuple[int, ...]:
    from fudao.cases.models import Activity, Case, HistoryEntry
    from fudao.enterprises.models import Contact, Enterprise

    return (Case.objects.count(), HistoryEntry.objects.count(), Activity.objects.count(),
            Enterprise.objects.count(), Contact.objects.count())


BAD_CASES = [
    ({"summary": "出口\x00貸款"}, "「摘要」含有不允許的控制字元（U+0000）"),
    ({"summary": "bell\x07"}, "控制字元（U+0007）"),
    ({"summary": "c1\x85"}, "控制字元（U+0085）"),
    ({"ubn": UBNS[4], "name": "甲\x00公司"}, "「企業名稱」含有不允許的控制字元"),
    ({"contact": {"name": "王\x1b小明", "phone": "02-2345-6789"}}, "「聯絡人姓名」含有不允許的控制字元"),
    ({"opened_at": "0001-01-01T00:00:00+00:00"}, "不可早於民國 1 年"),
    ({"opened_at": "1900-05-01T09:00:00+08:00"}, "不可早於民國 1 年"),
    ({"opened_at": "1911-12-31T23:00:00+08:00"}, "不可早於民國 1 年"),
    ({"opened_at": "2024-01-01T09:00:00+23:59"}, "時區位移過大"),
    ({"opened_at": "9999-12-31T23:59:59-23:59"}, "時區位移過大"),
]


@pytest.mark.store
@pytest.mark.parametrize(("extra", "words"), BAD_CASES)
def test_api_case_with_bad_values_is_400_and_writes_nothing(client, desk, extra, words):
    before = _counts()
    body = {"channel": "hotline", "kind": "inquiry", **extra}
    assert words in error_of(post(client, "/api/cases", body, **desk.auth("cons_n")), 400)
    assert _counts() == before


@pytest.mark.store
def test_api_activity_with_nul_or_infinity_is_400(client, desk):
    case_no = desk.cases["mine"]
    auth = desk.auth("cons_n")
    before = _counts()
    assert "控制字元" in error_of(post(client, f"/api/cases/{case_no}/activities",
                                   {"type": "note", "data": {"text": "a\x00b"}}, **auth), 400)
    raw = ('{"type": "financing_outcome", "data": {"bank": "臺銀", "amount_twd": Infinity}}').encode()
    answer = client.post(f"/api/cases/{case_no}/activities", data=raw, content_type="application/json", **auth)
    assert answer.status_code == 400
    assert _counts() == before


def test_case_numbers_only_from_valid_roc_years():
    import datetime as dt

    from fudao.cases.numbering import parse_case_no, roc_year
    from fudao.validation import Invalid

    with pytest.raises(Invalid):
        roc_year(dt.datetime(1911, 6, 1, tzinfo=dt.UTC))
    for bad in ("0-000001", "-11-000001", "000-000001", "011-000001"):
        with pytest.raises(ValueError):
            parse_case_no(bad)
    assert roc_year(dt.datetime(1912, 6, 1, tzinfo=dt.UTC)) == 1


@pytest.mark.store
def test_cli_refuses_control_characters_and_old_dates(cli, desk):
    before = _counts()
    code, out, err = cli("cases", "open", "--channel", "hotline", "--kind", "inquiry",
                         "--summary", "x\x00y", "--json")
    assert code == 2 and "控制字元" in err + out
    code, out, err = cli("cases", "open", "--channel", "hotline", "--kind", "inquiry",
                         "--opened-at", "1900-01-01T09:00:00+08:00", "--json")
    assert code == 2 and "民國 1 年" in err + out
    assert "Traceback" not in err + out
    assert _counts() == before


def _registry_csv(path: Path) -> Path:
    path.write_text(
        "ubn,name,county,paid_in_capital_twd,employees\n"
        f"{UBNS[0]},好公司,台北市,1000,3\n"
        f"{UBNS[1]},無限公司,臺北市,Infinity,3\n"
        f"{UBNS[2]},火星公司,火星,1,1\n"
        f"{UBNS[3]},\"控\x01制\",臺北市,1e309,1\n"
        f"{UBNS[4]},大公司,臺北市,1e16,1\n", encoding="utf-8")
    return path


@pytest.mark.store
def test_registry_import_refuses_non_finite_numbers_bad_counties_and_controls(cli, db, tmp_path):
    from fudao.enterprises.models import Enterprise

    _code, out, _err = cli("import", str(_registry_csv(tmp_path / "reg.csv")), "--type", "enterprise", "--json")
    result = json.loads(out)
    by_line = {e["line"]: e["error"] for e in result["errors"]}
    assert "須為有限的數字" in by_line[3] and "paid_in_capital_twd" in by_line[3]
    assert "不是臺灣的縣市" in by_line[4]
    assert "控制字元" in by_line[5] and "須為有限的數字" in by_line[5]
    assert "不可大於" in by_line[6]
    assert list(Enterprise.objects.values_list("ubn", "county")) == [(UBNS[0], "臺北市")]


@pytest.mark.store
def test_jsonl_import_refuses_bad_values_by_line(cli, db, tmp_path):
    from fudao.enterprises.models import Enterprise

    rows = [
        {"type": "enterprise", "ubn": UBNS[0], "county": "火星"},
        {"type": "enterprise", "ubn": UBNS[1], "name": "甲\x00"},
        {"type": "case", "channel": "hotline", "kind": "inquiry", "opened_at": "0001-01-01T00:00:00"},
        {"type": "case", "channel": "hotline", "kind": "inquiry", "opened_at": "1911-01-01T00:00:00+08:00"},
        {"type": "case", "channel": "hotline", "kind": "inquiry", "summary": "x\x0by",
         "opened_at": "2024-01-01T09:00:00+08:00"},
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    before = _counts()
    _code, out, _err = cli("import", str(path), "--json")
    result = json.loads(out)
    lines = {e["line"]: e["error"] for e in result["errors"]}
    assert set(lines) == {1, 2, 3, 4, 5}, lines
    assert "縣市" in lines[1] and "控制字元" in lines[2]
    assert "民國 1 年" in lines[3] and "民國 1 年" in lines[4] and "控制字元" in lines[5]
    assert _counts() == before and not Enterprise.objects.exists()


@pytest.mark.store
def test_xlsx_import_with_year_one_reports_the_row(cli, db, tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["channel", "kind", "opened_at"])
    sheet.append(["hotline", "inquiry", dt.datetime(1, 1, 1)])
    sheet.append(["hotline", "inquiry", "2024-02-01T09:00:00+08:00"])
    book.save(tmp_path / "cases.xlsx")
    _code, out, err = cli("import", str(tmp_path / "cases.xlsx"), "--type", "case", "--json")
    assert "Traceback" not in out + err
    result = json.loads(out)
    assert [e["line"] for e in result["errors"]] == [2] and "民國 1 年" in result["errors"][0]["error"]
    assert result["created"] == {"case": 1}
