"""Screening of a table of enterprises in the store, as one SQL query run by the database itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from sqlglot import exp

from fudao.matching.screen import KEY_COLUMNS, SCREEN_FACTS, ScreenReport, select_rules
from fudao.rules.sql import screen_select

DIALECTS = {"postgresql": "postgres", "sqlite": "sqlite"}
_SCHEMA = pa.schema([("row", pa.int64()), ("enterprise_id", pa.string()),
                     ("measure_id", pa.string()), ("status", pa.string()),
                     ("max_amount_twd", pa.int64())])


def store_sql(vendor: str, table: str, measure: str | None, on: dt.date) -> str:
    """The screening query over the store's enterprise table, rendered for its database."""
    if vendor not in DIALECTS:
        raise ValueError(f"此資料庫（{vendor}）不支援批次篩選")
    enterprise_id = exp.func("COALESCE", exp.column("ubn"),
                             exp.cast(exp.column("id"), "VARCHAR"))
    source = exp.select(
        exp.alias_(exp.column("id"), "row"), exp.alias_(enterprise_id, "enterprise_id"),
        *[exp.column(k) for k in SCREEN_FACTS],
    ).from_(table).subquery("e")
    query = screen_select(select_rules(measure), source, KEY_COLUMNS, on)
    return query.sql(dialect=DIALECTS[vendor])


def _write(batches: list[pa.RecordBatch], out: Path) -> None:
    table = pa.Table.from_batches(batches, schema=_SCHEMA)
    if out.suffix.lower() in (".parquet", ".pq"):
        pq.write_table(table, out)
    else:
        pacsv.write_csv(table, out)


def screen_store(out: Path, *, table: str, measure: str | None = None, on: dt.date | None = None,
                 chunk: int = 50_000) -> ScreenReport:
    """Screen every row of the store's enterprise `table` (its columns are the profile's
    keys); write one row per enterprise × measure to `out`."""
    from django.db import connection

    on = on or dt.date.today()
    rules = select_rules(measure)
    sql = store_sql(connection.vendor, table, measure, on)
    batches: list[pa.RecordBatch] = []
    report = ScreenReport(out=str(out), measures=[r.measure_id for r in rules])
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(chunk):
            columns: list[list[Any]] = [list(c) for c in zip(*rows, strict=True)]
            batches.append(pa.RecordBatch.from_arrays(
                [pa.array(col, type=f.type) for col, f in zip(columns, _SCHEMA, strict=True)],
                schema=_SCHEMA))
            for measure_id, status in zip(columns[2], columns[3], strict=True):
                counts = report.by_measure.setdefault(measure_id, {})
                counts[status] = counts.get(status, 0) + 1
            report.rows_written += len(rows)
    _write(batches, out)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        report.enterprises = report.screened = int(cursor.fetchone()[0])
    return report
