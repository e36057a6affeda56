"""Registry-scale import of enterprises (CSV in UTF-8 or Big5, Parquet): checked in bulk by
DuckDB, written by one set-based upsert (PostgreSQL: COPY into a staging table; SQLite:
batched inserts), so that re-importing a changed file updates only the rows that changed."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from fudao.enterprises.services import EnterpriseError
from fudao.matching.screen import SCREEN_FACTS, ScreenError, prepare
from fudao.rules.profile import FACTS, INPUT_FACTS

NEEDS = [v for v, _ in FACTS["needs"].choices]
COLUMNS = [k for k in INPUT_FACTS if k != "ubn"]  # written columns besides the key
MAX_LENGTH = {"name": 200, "county": 20}
SAMPLE_BYTES = 1 << 20
BATCH = 20_000


class RegistryError(EnterpriseError):
    """A registry file that cannot be imported at all (columns, encoding, format); nothing written."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def detect_encoding(path: Path) -> str:
    """'utf-8' (with or without BOM) or 'cp950' (Big5) for a CSV file; RegistryError otherwise."""
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=["big5", "cp950", "big5hkscs", "utf_8", "gb18030"]).best()
    found = (best.encoding if best else "").lower().replace("-", "_")
    if found in ("big5", "cp950", "big5hkscs"):
        return "cp950"
    raise RegistryError(f"無法辨識檔案 {path.name} 的文字編碼（請存成 UTF-8 或 Big5）")


def _utf8_copy(path: Path, encoding: str, folder: Path) -> Path:
    """The CSV transcoded to UTF-8 (streamed), or the file itself when it already is."""
    if encoding == "utf-8":
        return path
    target = folder / "registry-utf8.csv"
    with path.open("r", encoding=encoding, errors="strict", newline="") as src, \
            target.open("w", encoding="utf-8", newline="") as out:
        try:
            while chunk := src.read(1 << 22):
                out.write(chunk)
        except UnicodeDecodeError as exc:
            raise RegistryError(f"檔案 {path.name} 含有無法以 Big5 解讀的位元組（位置 {exc.start}）") from None
    return target


def _source(path: Path, folder: Path) -> tuple[str, str, int]:
    """The DuckDB relation reading the file, its 1-based row number, and the line offset."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        readable = _utf8_copy(path, detect_encoding(path), folder)
        text = str(readable).replace("'", "''")
        return (f"read_csv('{text}', all_varchar = true, header = true, auto_detect = true)",
                "row_number() OVER ()", 1)  # line 1 is the header
    if suffix in (".parquet", ".pq"):
        text = str(path).replace("'", "''")
        return f"read_parquet('{text}', file_row_number = true)", "file_row_number + 1", 0
    raise RegistryError(f"不支援的企業名冊格式：{path.name}（請用 .csv 或 .parquet）")


def check_columns(columns: list[str]) -> None:
    """RegistryError naming the unknown columns, or the missing 統一編號 column."""
    unknown = [c for c in columns if c not in INPUT_FACTS]
    if unknown:
        raise RegistryError(f"企業名冊有不認得的欄位：{'、'.join(unknown)}"
                            f"（可用欄位：{'、'.join(INPUT_FACTS)}）；未匯入任何資料")
    if "ubn" not in columns:
        raise RegistryError("企業名冊缺少欄位「ubn」（統一編號）；未匯入任何資料")


def _needs_sql() -> tuple[str, str]:
    """The needs list as JSON text, and the test that flags a value outside the vocabulary."""
    parts = "list_filter(string_split_regex(trim(__raw_needs), '[,;、\\s]+'), x -> x <> '')"
    allowed = "[" + ", ".join(f"'{n}'" for n in NEEDS) + "]"
    bad = f"len(list_filter({parts}, x -> NOT list_contains({allowed}, x))) > 0"
    return f"CASE WHEN __raw_needs IS NOT NULL THEN to_json(list_filter({parts}, (x, i) -> list_position({parts}, x) = i))::VARCHAR END", bad


def check_file(con: duckdb.DuckDBPyConnection, path: Path, folder: Path) -> list[str]:
    """Create the table `checked` (line, ubn, typed facts, error) from the file; return its columns."""
    source, row_expr, offset = _source(path, folder)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except duckdb.Error as exc:
        raise RegistryError(f"無法讀取企業名冊 {path.name}：{exc}") from None
    columns = [r[0] for r in described if r[0] != "file_row_number"]
    check_columns(columns)
    try:
        prepare(con, source, row_expr, keep=("needs",))
    except ScreenError as exc:
        raise RegistryError(str(exc)) from None
    needs_json, needs_bad = _needs_sql()
    lengths = " ".join(
        f"WHEN length({_q(k)}) > {n} THEN '欄位「{k}」（{FACTS[k].label}）過長（上限 {n} 字）' "
        for k, n in MAX_LENGTH.items())
    facts = ", ".join(_q(k) for k in SCREEN_FACTS if k != "ubn")
    raw = (
        "SELECT row + " + str(offset) + " AS line, "
        f"ubn_digits(CAST(ubn AS VARCHAR)) AS ubn, {facts}, {needs_json} AS needs, "
        "CASE WHEN ubn IS NULL THEN '欄位「ubn」（統一編號）不可空白' "
        "WHEN __error IS NOT NULL THEN __error "
        f"WHEN {needs_bad} THEN '欄位「needs」（{FACTS['needs'].label}）的值不在可用選項內（{'、'.join(NEEDS)}）' "
        f"{lengths}END AS error FROM typed"
    )
    con.execute(f"CREATE TEMP TABLE checked AS {raw}")
    con.execute(  # a later row with the 統一編號 of an earlier good row is a duplicate
        "UPDATE checked SET error = '統一編號「' || checked.ubn || '」與第 ' || d.first_line || ' 行重複' "
        "FROM (SELECT ubn, min(line) AS first_line FROM checked WHERE error IS NULL GROUP BY ubn "
        "HAVING count(*) > 1) AS d "
        "WHERE checked.ubn = d.ubn AND checked.line > d.first_line AND checked.error IS NULL")
    return columns


def import_registry(path: Path, *, max_records: int | None = None) -> dict[str, Any]:
    """Import an enterprise registry (CSV in UTF-8 or Big5, or Parquet; columns are profile
    keys, `ubn` required): bad rows are reported by line and skipped, the rest upserted by
    統一編號 in one transaction, only changed rows updated. Returns DESIGN's import report.
    Raises RegistryError (nothing written) for a file with wrong columns or encoding, or with
    more than `max_records` rows (counted by DuckDB's streaming read, before any write)."""
    path = Path(path)
    if not path.is_file():
        raise RegistryError(f"找不到企業名冊：{path}")
    with tempfile.TemporaryDirectory(prefix="fudao-registry-") as tmp:
        folder = Path(tmp)
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET temp_directory = '{folder}'")
        columns = check_file(con, path, folder)
        written = [k for k in COLUMNS if k in columns]
        read = con.execute("SELECT count(*) FROM checked").fetchone()[0]  # type: ignore[index]
        if max_records is not None and read > max_records:
            con.close()
            raise RegistryError(f"企業名冊 {path.name} 有 {int(read):,} 筆資料，超過 {max_records:,} 筆的上限"
                                "（可用 --max-records 調整）；未匯入任何資料")
        errors = [{"line": int(line), "error": msg} for line, msg in con.execute(
            "SELECT line, error FROM checked WHERE error IS NOT NULL ORDER BY line").fetchall()]
        select = ("SELECT ubn, " + ", ".join(_q(k) for k in written) + " FROM checked "
                  "WHERE error IS NULL ORDER BY ubn") if written else \
            "SELECT ubn FROM checked WHERE error IS NULL ORDER BY ubn"
        created, updated = _write(con, select, written, folder)
        con.close()
    return {"read": int(read), "created": {"enterprise": created},
            "updated": {"enterprise": updated}, "errors": errors}


def _write(con: duckdb.DuckDBPyConnection, select: str, written: list[str],
           folder: Path) -> tuple[int, int]:
    from django.db import connection, transaction

    with transaction.atomic():
        if connection.vendor == "postgresql":
            return _write_postgres(con, select, written, folder)
        return _write_sqlite(con, select, written)


def _table() -> str:
    from fudao.enterprises.models import Enterprise

    return Enterprise._meta.db_table


def _pg_type(key: str) -> str:
    from django.db import connection, models

    from fudao.enterprises.models import Enterprise

    field = Enterprise._meta.get_field(key)
    assert isinstance(field, models.Field)
    return str(field.db_type(connection))


def _write_postgres(con: duckdb.DuckDBPyConnection, select: str, written: list[str],
                    folder: Path) -> tuple[int, int]:
    """COPY the good rows into a staging table, then one INSERT … ON CONFLICT DO UPDATE that
    touches only rows whose values differ; created and updated counted from RETURNING."""
    from django.db import connection

    csv_path = folder / "good.csv"
    con.execute(f"COPY ({select}) TO '{csv_path}' (FORMAT CSV, HEADER false)")
    table = connection.ops.quote_name(_table())
    cols = ["ubn", *written]
    defs = ", ".join(f"{_q(k)} {'varchar(8)' if k == 'ubn' else _pg_type(k)}" for k in cols)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE registry_stage ({defs}) ON COMMIT DROP")
        raw = cursor.cursor  # psycopg's cursor, for COPY
        with raw.copy(f"COPY registry_stage ({', '.join(map(_q, cols))}) FROM STDIN (FORMAT csv)") as copy, \
                csv_path.open("rb") as fh:
            while block := fh.read(1 << 20):
                copy.write(block)
        merged = [f"COALESCE(EXCLUDED.{_q(k)}, t.{_q(k)})" for k in written]
        update = ", ".join(f"{_q(k)} = {m}" for k, m in zip(written, merged, strict=True))
        where = (f" WHERE ({', '.join('t.' + _q(k) for k in written)}) IS DISTINCT FROM "
                 f"({', '.join(merged)})") if len(written) > 1 else (
            f" WHERE t.{_q(written[0])} IS DISTINCT FROM {merged[0]}" if written else "")
        action = f"DO UPDATE SET {update}, updated_at = now(){where}" if written else "DO NOTHING"
        cursor.execute(
            f"WITH up AS (INSERT INTO {table} AS t ({', '.join(map(_q, cols))}, created_at, updated_at) "
            f"SELECT {', '.join(map(_q, cols))}, now(), now() FROM registry_stage "
            f"ON CONFLICT (ubn) {action} RETURNING (xmax = 0) AS created) "
            "SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM up")
        created, updated = cursor.fetchone()
        cursor.execute("DROP TABLE registry_stage")
        if created or updated:  # fresh statistics for the campaign queries that follow
            cursor.execute(f"ANALYZE {table}")
    return int(created), int(updated)


def _write_sqlite(con: duckdb.DuckDBPyConnection, select: str,
                  written: list[str]) -> tuple[int, int]:
    """Batched executemany of one upsert statement; counts from the table size and changes()."""
    from django.db import connection
    from django.utils import timezone

    table = connection.ops.quote_name(_table())
    cols = ["ubn", *written]
    now = timezone.now().isoformat(sep=" ")
    merged = [f"COALESCE(excluded.{_q(k)}, t.{_q(k)})" for k in written]
    update = ", ".join(f"{_q(k)} = {m}" for k, m in zip(written, merged, strict=True))
    where = " OR ".join(f"t.{_q(k)} IS NOT {m}" for k, m in zip(written, merged, strict=True))
    action = f"DO UPDATE SET {update}, updated_at = ?2 WHERE {where}" if written else "DO NOTHING"
    marks = ", ".join(f"?{i + 3}" for i in range(len(cols)))
    sql = (f"INSERT INTO {table} AS t ({', '.join(map(_q, cols))}, created_at, updated_at) "
           f"VALUES ({marks}, ?1, ?2) ON CONFLICT (ubn) {action}")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        before = int(cursor.fetchone()[0])
        raw = connection.connection
        changes = raw.total_changes
        result = con.execute(select)
        while rows := result.fetchmany(BATCH):
            raw.executemany(sql, [(now, now, *row) for row in rows])
        touched = raw.total_changes - changes
        cursor.execute(f"SELECT count(*) FROM {table}")
        created = int(cursor.fetchone()[0]) - before
    return created, touched - created
