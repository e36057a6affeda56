"""Registry-scale import of enterprises (CSV UTF-8 / Big5, Parquet) on both stores."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fudao.enterprises.models import Enterprise
from fudao.enterprises.registry import RegistryError, import_registry
from fudao.zhtext.ubn import synthetic_ubn

pytestmark = [pytest.mark.store, pytest.mark.django_db(transaction=True)]
HEADER = ["ubn", "name", "org_type", "industry_section", "employees", "paid_in_capital_twd",
          "county", "us_tariff_affected", "needs"]


def rows(n: int) -> list[list[str]]:
    return [[synthetic_ubn(i), f"測試企業{i}股份有限公司", "company", "C", str(i % 50),
             str(1_000_000 * (i + 1)), "臺中市" if i % 2 else "臺北市", "true" if i % 3 else "",
             "export;finance" if i % 4 == 0 else ""] for i in range(n)]


def write_csv(path: Path, data: list[list[str]], encoding: str = "utf-8",
              header: list[str] = HEADER) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(data)
    return path


def test_utf8_csv_with_bad_rows_reports_each_line_and_imports_the_rest(tmp_path: Path) -> None:
    data = rows(10)
    data[2][0] = "12345678"  # bad checksum
    data[4][2] = "corporation"  # not an org_type
    data[6][4] = "-3"  # negative employees
    data[8][0] = data[1][0]  # duplicate of line 3
    data[9][8] = "export;space"  # not a need
    report = import_registry(write_csv(tmp_path / "reg.csv", data))
    lines = {e["line"]: e["error"] for e in report["errors"]}
    assert report["read"] == 10
    assert sorted(lines) == [4, 6, 8, 10, 11]
    assert "統一編號" in lines[4] and "org_type" in lines[6] and "不可為負數" in lines[8]
    assert "第 3 行重複" in lines[10] and "needs" in lines[11]
    assert report["created"] == {"enterprise": 5} and report["updated"] == {"enterprise": 0}
    assert Enterprise.objects.count() == 5
    first = Enterprise.objects.get(ubn=data[0][0])
    assert first.needs == ["export", "finance"] and first.us_tariff_affected is None
    assert first.employees == 0 and first.county == "臺北市" and first.paid_in_capital_twd == 1e6
    assert Enterprise.objects.get(ubn=data[1][0]).us_tariff_affected is True


def test_big5_csv_is_detected(tmp_path: Path) -> None:
    data = rows(30)
    report = import_registry(write_csv(tmp_path / "big5.csv", data, encoding="cp950"))
    assert report["errors"] == [] and report["created"]["enterprise"] == 30
    assert Enterprise.objects.get(ubn=data[7][0]).name == "測試企業7股份有限公司"
    assert Enterprise.objects.filter(county="臺中市").count() == 15


def test_wrong_columns_name_them_and_write_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [[*r[:3], "x"] for r in rows(3)],
                     header=["ubn", "name", "org_type", "公司地址"])
    with pytest.raises(RegistryError, match="公司地址"):
        import_registry(path)
    path = write_csv(tmp_path / "nokey.csv", [r[1:3] for r in rows(3)], header=["name", "org_type"])
    with pytest.raises(RegistryError, match="ubn"):
        import_registry(path)
    assert Enterprise.objects.count() == 0


def test_reimport_of_a_changed_file_updates_only_what_changed(tmp_path: Path) -> None:
    data = rows(20)
    import_registry(write_csv(tmp_path / "v1.csv", data))
    stamps = dict(Enterprise.objects.values_list("ubn", "updated_at"))
    again = import_registry(write_csv(tmp_path / "v1b.csv", data))
    assert again["created"] == {"enterprise": 0} and again["updated"] == {"enterprise": 0}
    data[3][4] = "77"
    data[5][6] = "高雄市"
    data.append([synthetic_ubn(99), "新公司", "business", "G", "2", "", "", "", ""])
    report = import_registry(write_csv(tmp_path / "v2.csv", data))
    assert report["created"] == {"enterprise": 1} and report["updated"] == {"enterprise": 2}
    assert Enterprise.objects.get(ubn=data[3][0]).employees == 77
    assert Enterprise.objects.get(ubn=data[5][0]).county == "高雄市"
    after = dict(Enterprise.objects.values_list("ubn", "updated_at"))
    changed = {u for u in stamps if after[u] != stamps[u]}
    assert changed == {data[3][0], data[5][0]}


def test_parquet_registry(tmp_path: Path) -> None:
    table = pa.table({"ubn": [synthetic_ubn(i) for i in range(5)],
                      "employees": pa.array([1, 2, None, 4, -1], pa.int64()),
                      "registered_trader": [True, False, None, True, True]})
    pq.write_table(table, tmp_path / "reg.parquet")
    report = import_registry(tmp_path / "reg.parquet")
    assert report["created"] == {"enterprise": 4}
    assert [e["line"] for e in report["errors"]] == [5]
    assert Enterprise.objects.get(ubn=synthetic_ubn(1)).registered_trader is False
