"""`fudao import` limits and per-record errors (DESIGN "Importing records"): a file over
--max-bytes refused before it is read, one over --max-records refused with nothing written
(JSON Lines, CSV, XLSX and the registry loader), and a line that is not UTF-8, an unknown column
and a bad value each reported by line and column in text and in --json, the rest written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from deskkit import UBNS

pytestmark = pytest.mark.store  # "nothing written" is asserted on both stores


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def counts() -> tuple[int, int]:
    from fudao.cases.models import Case
    from fudao.enterprises.models import Enterprise

    return Enterprise.objects.count(), Case.objects.count()


FIRMS = [{"type": "enterprise", "ubn": u, "name": f"測試{i}公司", "employees": 10 + i} for i, u in enumerate(UBNS)]
CASE = {"type": "case", "channel": "hotline", "kind": "inquiry", "opened_at": "2024-03-05T14:00:00+08:00",
        "ubn": UBNS[0]}


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(cli, db, tmp_path):
    path = jsonl(tmp_path / "firms.jsonl", FIRMS)
    size = path.stat().st_size
    code, out, err = cli("import", str(path), "--max-bytes", str(size - 1), "--json")
    assert code == 2 and out == ""
    assert f"{size:,} 位元組" in err and f"{size - 1:,} 位元組 的上限" in err and "--max-bytes" in err
    assert "Traceback" not in err and counts() == (0, 0)
    code, out, _ = cli("import", str(path), "--max-bytes", str(size), "--json")
    assert code == 0 and json.loads(out)["created"] == {"enterprise": len(UBNS)}


def test_the_default_limits_are_designs(cli, db, tmp_path):
    from fudao.importing import MAX_BYTES, MAX_RECORDS, size_text

    assert (MAX_BYTES, MAX_RECORDS) == (50 * 1024 * 1024, 500_000)
    assert size_text(MAX_BYTES) == "50.0 MB"
    big = tmp_path / "big.jsonl"
    with big.open("wb") as f:  # sparse: 50 MB and one byte, never read
        f.truncate(MAX_BYTES + 1)
    code, _, err = cli("import", str(big))
    assert code == 2 and "50.0 MB 的上限" in err and counts() == (0, 0)


def test_too_many_jsonl_records_write_nothing(cli, db, tmp_path):
    # the enterprises come first in the file and would be written first: still nothing is
    path = jsonl(tmp_path / "mixed.jsonl", [*FIRMS, CASE])
    code, out, err = cli("import", str(path), "--max-records", str(len(FIRMS)))
    assert code == 2 and f"超過 {len(FIRMS):,} 筆的上限" in err and "--max-records" in err
    assert counts() == (0, 0)
    code, out, _ = cli("import", str(path), "--max-records", str(len(FIRMS) + 1), "--json")
    assert code == 0 and json.loads(out)["created"] == {"enterprise": len(FIRMS), "case": 1}


def _csv(path: Path, header: str, rows: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


def test_too_many_table_rows_write_nothing(cli, db, tmp_path):
    from openpyxl import Workbook

    # the registry loader (enterprise CSV) counts the rows before its one upsert
    firms = _csv(tmp_path / "firms.csv", "ubn,name", [f"{u},甲{i}" for i, u in enumerate(UBNS)])
    code, _, err = cli("import", str(firms), "--type", "enterprise", "--max-records", "4")
    assert code == 2 and "超過 4 筆的上限" in err and counts() == (0, 0)
    # a CSV of cases (row by row) and an XLSX of enterprises (openpyxl read-only)
    cases = _csv(tmp_path / "cases.csv", "ubn,channel,kind,opened_at",
                 [f"{u},hotline,inquiry,2024-03-05T14:00:00+08:00" for u in UBNS])
    code, _, err = cli("import", str(cases), "--type", "case", "--max-records", "4")
    assert code == 2 and "超過 4 筆的上限" in err and counts() == (0, 0)
    book = Workbook()
    sheet = book.active
    sheet.append(["ubn", "name"])
    for u in UBNS:
        sheet.append([u, "乙"])
    book.save(tmp_path / "firms.xlsx")
    code, _, err = cli("import", str(tmp_path / "firms.xlsx"), "--type", "enterprise", "--max-records", "4")
    assert code == 2 and "超過 4 筆的上限" in err and counts() == (0, 0)
    code, out, _ = cli("import", str(tmp_path / "firms.xlsx"), "--type", "enterprise", "--max-records", "5", "--json")
    assert code == 0 and json.loads(out)["created"] == {"enterprise": 5}


def test_a_line_that_is_not_utf8_is_one_error_by_line_and_column(cli, db, tmp_path):
    path = tmp_path / "cases.csv"
    good = f"{UBNS[1]},hotline,inquiry,2024-03-05T14:00:00+08:00,週轉金\n".encode()
    path.write_bytes(b"ubn,channel,kind,opened_at,summary\n" + good
                     + f"{UBNS[2]},hotline,inquiry,2024-03-05T14:00:00+08:00,".encode() + b"\xff\xfe\n" + good)
    code, out, err = cli("import", str(path), "--type", "case", "--json")
    assert code == 1 and "Traceback" not in err
    result = json.loads(out)
    assert result["read"] == 3 and result["created"] == {"case": 2}
    assert result["errors"] == [{"line": 3, "column": "summary", "error": result["errors"][0]["error"]}]
    assert "UTF-8" in result["errors"][0]["error"]
    from fudao.cases.models import Case

    assert not Case.objects.filter(enterprise__ubn=UBNS[2]).exists()
    lines = tmp_path / "firms.jsonl"
    lines.write_bytes(b'{"type": "enterprise", "ubn": "' + UBNS[3].encode() + b'", "name": "\xe7\x94"}\n'
                      + json.dumps(FIRMS[0]).encode() + b"\n")
    code, out, err = cli("import", str(lines))
    assert code == 1 and "錯誤：第 1 行：此行含有不是 UTF-8 的位元組" in err and "Traceback" not in err
    assert "新增：enterprise 1" in out


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_unknown_column_and_bad_value_name_line_and_column(cli, db, tmp_path, suffix):
    if suffix == ".jsonl":
        path = jsonl(tmp_path / "firms.jsonl", [FIRMS[0], {**FIRMS[1], "employees": "Infinity"},
                                                 {**FIRMS[2], "colour": "紅"}])
        args = [str(path)]
    else:  # through the registry loader: an unknown column refuses the file, a bad value its row
        path = _csv(tmp_path / "firms.csv", "ubn,name,employees", [f"{UBNS[0]},甲,3", f"{UBNS[1]},乙,1e309"])
        args = [str(path), "--type", "enterprise"]
    code, out, err = cli("import", *args, "--json")
    assert code == 1 and "Traceback" not in err
    errors = json.loads(out)["errors"]
    assert [(e["line"], e["column"]) for e in errors][:1] == [(2 if suffix == ".jsonl" else 3, "employees")]
    assert "employees" in errors[0]["error"]
    if suffix == ".jsonl":
        assert (errors[1]["line"], errors[1]["column"]) == (3, "colour") and "colour" in errors[1]["error"]
    code, _, err = cli("import", *args)
    assert "欄位「employees」：" in err and "Traceback" not in err
    if suffix == ".csv":
        bad = _csv(tmp_path / "bad.csv", "ubn,colour", [f"{UBNS[0]},紅"])
        code, out, err = cli("import", str(bad), "--type", "enterprise", "--json")
        assert code == 2 and out == "" and "colour" in err and "Traceback" not in err
    assert counts()[0] == 1
