"""`fudao import`: read a file of records (JSON Lines with a "type" per record, or a CSV/XLSX of
one type), group them by type in IMPORT_ORDER and hand each group to its app's importer."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from fudao.cases.importing import import_activities, import_cases
from fudao.enterprises.importing import import_enterprises
from fudao.enterprises.registry import import_registry
from fudao.errors import Invalid
from fudao.events.importing import import_events, import_registrations
from fudao.exports import is_risky
from fudao.records import IMPORT_ORDER, Importer, Record, Spool

# type → the app's importer of a batch of records of that type.
IMPORTERS: dict[str, Importer] = {
    "enterprise": import_enterprises,
    "case": import_cases,
    "activity": import_activities,
    "event": import_events,
    "registration": import_registrations,
}

TABLE_SUFFIXES = (".csv", ".xlsx")
SAMPLE_BYTES = 1 << 20  # the start of a CSV file its encoding is detected from

# DESIGN "Importing records": the limits, settable with --max-bytes and --max-records.
MAX_BYTES = 50 * 1024 * 1024
MAX_RECORDS = 500_000

# the field an importer's message names (「欄位「ubn」…」), reported as the error's column
FIELD_NAMED = re.compile(r"欄位「([A-Za-z_][A-Za-z0-9_]*)」")


class ImportFileError(Invalid):
    """The file cannot be read at all (the message, zh-TW, says why); nothing is written."""


def size_text(size: int) -> str:
    """A byte count as a person reads it (位元組, KB under a megabyte, else MB, one decimal)."""
    if size < 1024:
        return f"{size:,} 位元組"
    if size < 1024 * 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


class RecordLimit:
    """Counts the records as they are read and stops the read (ImportFileError) at the first
    one over the limit — before anything is written, since records are written only after the
    whole file has been read into its spools."""

    def __init__(self, limit: int, name: str) -> None:
        self.limit = limit
        self.name = name
        self.seen = 0

    def count(self) -> None:
        self.seen += 1
        if self.seen > self.limit:
            raise ImportFileError(too_many(self.name, self.limit))


def too_many(name: str, limit: int) -> str:
    return (f"檔案「{name}」的資料超過 {limit:,} 筆的上限（可用 --max-records 調整）；"
            "未匯入任何資料")


def check_size(path: Path, max_bytes: int) -> None:
    """ImportFileError naming the limit and the file's size when the file is larger."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportFileError(f"檔案「{path.name}」大小 {size_text(size)}，超過 {size_text(max_bytes)} 的上限"
                              "（可用 --max-bytes 調整）；未匯入任何資料")


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
            if value.startswith("'") and is_risky(value[1:]):
                value = value[1:]  # the quote an export put before a formula-like cell
        if value is None or value == "":
            continue
        out[name] = value
    return out


def _encoding(path: Path) -> str:
    """The CSV file's encoding from its first megabyte: UTF-16 by its BOM, UTF-8 when the
    sample is UTF-8 (with or without BOM), Big5 (cp950) when the sample is Big5; otherwise
    UTF-8, so that each line that is not UTF-8 is refused by its number."""
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8-sig", "cp950"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
            return "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            continue
    return "utf-8"


def _utf8_lines(stream: IO[bytes], bad: set[int]) -> Iterator[str]:
    """The file's lines decoded as UTF-8 one at a time; a line that is not UTF-8 is decoded with
    replacement characters and its number put in `bad` (its record is refused, not written)."""
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.add(number)
            yield raw.decode("utf-8", errors="replace")


def read_csv(path: Path, result: dict[str, Any], limit: RecordLimit) -> Iterator[Record]:
    """The rows of a CSV file with their line numbers (the header is line 1), read a line at a
    time; a row with bytes that are not UTF-8 becomes an error naming its line and column."""
    encoding = _encoding(path)
    bad: set[int] = set()
    with path.open("rb") as raw:
        if encoding == "utf-8":
            lines: Iterator[str] = _utf8_lines(raw, bad)
        else:
            lines = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        reader = csv.DictReader(lines)
        try:
            if not reader.fieldnames:
                raise ImportFileError(f"CSV 檔「{path.name}」沒有標題列")
            last = reader.line_num
            for row in reader:
                first, last = last + 1, reader.line_num
                record = _clean_row(row)
                if not record:
                    continue
                limit.count()
                broken = [n for n in range(first, last + 1) if n in bad]
                if broken:
                    column = next((k for k, v in record.items() if "\ufffd" in str(v)), None)
                    error = {"line": broken[0], "error": "此行含有不是 UTF-8 的位元組（請將檔案存成 UTF-8）"}
                    if column:
                        error["column"] = column
                    result["errors"].append(error)
                    continue
                yield last, record
        except UnicodeDecodeError:
            raise ImportFileError(f"CSV 檔「{path.name}」含有無法以 {encoding} 解讀的位元組") from None
        except csv.Error as exc:
            raise ImportFileError(f"CSV 檔「{path.name}」第 {reader.line_num} 行無法解讀：{exc}") from None


def read_xlsx(path: Path, result: dict[str, Any], limit: RecordLimit) -> Iterator[Record]:
    """The rows of the first sheet of an XLSX workbook (row 1 is the header), streamed by
    openpyxl's read-only mode."""
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
        for number, values in enumerate(rows, start=2):
            record = _clean_row(dict(zip(names, values, strict=False)))
            if record:
                limit.count()
                yield number, record
    finally:
        book.close()


def read_jsonl(path: Path, result: dict[str, Any], limit: RecordLimit,
               groups: dict[str, Spool[Record]]) -> None:
    """JSON Lines records put in the spool of their "type", read a line at a time (bad lines —
    not UTF-8, not JSON, no known type — go to the report's errors)."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            if not raw.strip():
                continue
            limit.count()
            result["read"] += 1
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                result["errors"].append({"line": number, "error": f"此行含有不是 UTF-8 的位元組（第 {exc.start + 1} 個位元組）"})
                continue
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
                result["errors"].append({"line": number, "column": "type",
                                         "error": f"欄位「type」「{kind}」不正確，可用：{_types()}"})
                continue
            if kind not in groups:
                groups[kind] = Spool()
            groups[kind].add((number, record))


def registry_importer(path: Path, record_type: str | None) -> Callable[..., dict[str, Any]] | None:
    """The enterprise registry's bulk loader for a large CSV/Parquet file of enterprises."""
    if record_type != "enterprise" or path.suffix.lower() not in (".csv", ".parquet"):
        return None
    return import_registry


def _with_columns(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each error with its "column" where its message names the field, sorted by line."""
    for error in errors:
        if "column" not in error and (found := FIELD_NAMED.search(str(error.get("error", "")))):
            error["column"] = found.group(1)
    return sorted(errors, key=lambda e: e["line"])


def import_file(path: Path, record_type: str | None = None, *, max_bytes: int = MAX_BYTES,
                max_records: int = MAX_RECORDS) -> dict[str, Any]:
    """Import the file; the report `{"read", "created": {type: n}, "updated": {type: n},
    "errors": [{"line", "column"?, "error"}]}` (errors sorted by line). A file larger than
    `max_bytes` is refused before it is read, one with more than `max_records` records as soon
    as the read passes the limit; either way nothing is written (ImportFileError)."""
    if not path.is_file():
        raise ImportFileError(f"找不到檔案：{path}")
    check_size(path, max_bytes)
    limit = RecordLimit(max_records, path.name)
    if record_type is not None:
        check_type(record_type)
    registry = registry_importer(path, record_type)
    if registry is not None:
        report = registry(path, max_records=max_records)
        report["errors"] = _with_columns(report["errors"])
        return report
    result: dict[str, Any] = {"read": 0, "created": {}, "updated": {}, "errors": []}
    groups: dict[str, Spool[Record]] = {}
    try:
        _spool(path, record_type, result, limit, groups)
        for kind in IMPORT_ORDER:
            batch = groups.pop(kind, None)
            if batch is None or not len(batch):
                continue
            with batch:
                done = IMPORTERS[kind](batch)
            result["created"][kind] = done.created
            result["updated"][kind] = done.updated
            result["errors"] += done.errors
    finally:
        for spool in groups.values():
            spool.close()
    result["errors"] = _with_columns(result["errors"])
    return result


def _spool(path: Path, record_type: str | None, result: dict[str, Any], limit: RecordLimit,
           groups: dict[str, Spool[Record]]) -> None:
    """Read the whole file into a spool per record type (on disk, not in memory), counting
    against the limit: a file refused while it is read has written nothing."""
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        if record_type is None:
            raise ImportFileError(f"CSV 或 XLSX 檔須以 --type 指定資料類型（{_types()}）")
        read = read_csv if suffix == ".csv" else read_xlsx
        spool: Spool[Record] = Spool()
        groups[record_type] = spool
        for record in read(path, result, limit):
            spool.add(record)
        result["read"] = limit.seen
    elif suffix in (".jsonl", ".ndjson", ".json"):
        read_jsonl(path, result, limit, groups)
        if record_type is not None:
            for t in [t for t in groups if t != record_type]:
                with groups.pop(t) as others:
                    for line, _ in others:
                        result["errors"].append({"line": line, "error": f"此行類型為「{t}」，不是 --type 指定的「{record_type}」"})
    else:
        raise ImportFileError(f"無法匯入「{path.name}」：支援 .jsonl（JSON Lines）、.csv 與 .xlsx")
