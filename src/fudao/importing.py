"""`fudao import`: read a file of records (JSON Lines with a "type" per record, or a CSV/XLSX of
one type), group them by type in IMPORT_ORDER and hand each group to its app's importer."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fudao.cases.importing import import_activities, import_cases
from fudao.enterprises.importing import import_enterprises
from fudao.enterprises.registry import import_registry
from fudao.errors import Invalid
from fudao.events.importing import import_events, import_registrations
from fudao.records import IMPORT_ORDER, Importer, Record

# type → the app's importer of a batch of records of that type.
IMPORTERS: dict[str, Importer] = {
    "enterprise": import_enterprises,
    "case": import_cases,
    "activity": import_activities,
    "event": import_events,
    "registration": import_registrations,
}

TABLE_SUFFIXES = (".csv", ".xlsx")


class ImportFileError(Invalid):
    """The file cannot be read at all (the message, zh-TW, says why)."""


def _types() -> str:
    return "、".join(IMPORT_ORDER)


def check_type(record_type: str | None) -> str:
    """A known record type, or ImportFileError listing them."""
    if record_type not in IMPORTERS:
        raise ImportFileError(f"資料類型「{record_type}」不存在，可用：{_types()}")
    return record_type


def _clean_row(row: dict[str, Any]) -> dict[str, Any]:
    """A table row as a record: headers stripped, empty cells left out."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:
            continue
        name = str(key).strip().lstrip("\ufeff")
        if not name:
            continue
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            continue
        out[name] = value
    return out


def decode_text(raw: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else the detected encoding (Big5…)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["big5", "cp950", "big5hkscs", "gb18030", "utf_16"]).best()
    if best is None:
        raise ImportFileError("無法辨識 CSV 檔的文字編碼（請存成 UTF-8 或 Big5）")
    return str(best)


def read_csv(path: Path) -> list[Record]:
    """The rows of a CSV file with their line numbers (the header is line 1)."""
    text = decode_text(path.read_bytes())
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise ImportFileError(f"CSV 檔「{path.name}」沒有標題列")
    records: list[Record] = []
    for row in reader:
        record = _clean_row(row)
        if record:
            records.append((reader.line_num, record))
    return records


def read_xlsx(path: Path) -> list[Record]:
    """The rows of the first sheet of an XLSX workbook (row 1 is the header)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(f"檔案「{path.name}」不是有效的 XLSX 活頁簿（{type(exc).__name__}）") from None
    except Exception as exc:  # openpyxl's InvalidFileException and friends
        raise ImportFileError(f"檔案「{path.name}」不是有效的 XLSX 活頁簿（{type(exc).__name__}）") from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise ImportFileError(f"XLSX 檔「{path.name}」的第一個工作表沒有標題列")
        names = [str(h).strip() if h is not None else "" for h in header]
        records: list[Record] = []
        for number, values in enumerate(rows, start=2):
            record = _clean_row(dict(zip(names, values, strict=False)))
            if record:
                records.append((number, record))
        return records
    finally:
        book.close()


def read_jsonl(path: Path, result: dict[str, Any]) -> dict[str, list[Record]]:
    """JSON Lines records grouped by their "type" (bad lines go to the report's errors)."""
    groups: dict[str, list[Record]] = {}
    with path.open(encoding="utf-8") as stream:
        try:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                result["read"] += 1
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    result["errors"].append({"line": number, "error": f"不是有效的 JSON：{exc.msg}"})
                    continue
                if not isinstance(record, dict):
                    result["errors"].append({"line": number, "error": "每一行須為 JSON 物件"})
                    continue
                kind = record.pop("type", None)
                if kind not in IMPORTERS:
                    result["errors"].append({"line": number, "error": f"欄位「type」「{kind}」不正確，可用：{_types()}"})
                    continue
                groups.setdefault(kind, []).append((number, record))
        except UnicodeDecodeError:
            raise ImportFileError(f"檔案「{path.name}」不是 UTF-8 編碼的 JSON Lines") from None
    return groups


def registry_importer(path: Path, record_type: str | None) -> Callable[[Path], dict[str, Any]] | None:
    """The enterprise registry's bulk loader for a large CSV/Parquet file of enterprises."""
    if record_type != "enterprise" or path.suffix.lower() not in (".csv", ".parquet"):
        return None
    return import_registry


def import_file(path: Path, record_type: str | None = None) -> dict[str, Any]:
    """Import the file; the report `{"read", "created": {type: n}, "updated": {type: n},
    "errors": [{"line", "error"}]}` (errors sorted by line)."""
    if not path.is_file():
        raise ImportFileError(f"找不到檔案：{path}")
    suffix = path.suffix.lower()
    if record_type is not None:
        check_type(record_type)
    registry = registry_importer(path, record_type)
    if registry is not None:
        return registry(path)
    result: dict[str, Any] = {"read": 0, "created": {}, "updated": {}, "errors": []}
    if suffix in TABLE_SUFFIXES:
        if record_type is None:
            raise ImportFileError(f"CSV 或 XLSX 檔須以 --type 指定資料類型（{_types()}）")
        records = read_csv(path) if suffix == ".csv" else read_xlsx(path)
        result["read"] = len(records)
        groups = {record_type: records}
    elif suffix in (".jsonl", ".ndjson", ".json"):
        groups = read_jsonl(path, result)
        if record_type is not None:
            others = [t for t in groups if t != record_type]
            for t in others:
                for line, _ in groups.pop(t):
                    result["errors"].append({"line": line, "error": f"此行類型為「{t}」，不是 --type 指定的「{record_type}」"})
    else:
        raise ImportFileError(f"無法匯入「{path.name}」：支援 .jsonl（JSON Lines）、.csv 與 .xlsx")
    for kind in IMPORT_ORDER:
        batch = groups.get(kind)
        if not batch:
            continue
        done = IMPORTERS[kind](batch)
        result["created"][kind] = done.created
        result["updated"][kind] = done.updated
        result["errors"] += done.errors
    result["errors"].sort(key=lambda e: e["line"])
    return result
