"""Population screening: every enterprise of a CSV/Parquet file × every rule, run by DuckDB."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from fudao.errors import Invalid
from fudao.rules.model import Rule
from fudao.rules.profile import FACT_RANGES, FACTS, INPUT_FACTS
from fudao.rules.selectors import published_rules
from fudao.rules.sql import screen_select
from fudao.validation import COUNTIES

SCREEN_FACTS = [k for k in INPUT_FACTS if FACTS[k].type != "list"]
KEY_COLUMNS = ["row", "enterprise_id"]
_WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)
_NONNEGATIVE = {"employees", "paid_in_capital_twd", "annual_revenue_twd"}
_PCT = {k for k in SCREEN_FACTS if k.startswith("revenue_drop_pct")}


class ScreenError(Invalid):
    """A screening request that cannot run (missing file, unknown column, unknown measure)."""


@dataclass
class ScreenReport:
    """What a screening run did: counts, where the output and the errors went."""

    enterprises: int = 0
    screened: int = 0
    errors: int = 0
    rows_written: int = 0
    out: str = ""
    errors_file: str | None = None
    measures: list[str] = field(default_factory=list)
    by_measure: dict[str, dict[str, int]] = field(default_factory=dict)
    error_lines: list[str] = field(default_factory=list)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _ubn_macro(con: duckdb.DuckDBPyConnection) -> None:
    """DuckDB macros mirroring `fudao.zhtext.ubn.is_valid_ubn` (8 digits, weighted sum ÷ 5)."""
    terms = " + ".join(
        f"(((n // {10 ** (7 - i)}) % 10) * {w}) // 10 + (((n // {10 ** (7 - i)}) % 10) * {w}) % 10"
        for i, w in enumerate(_WEIGHTS)
    )
    con.execute(
        f"CREATE OR REPLACE MACRO ubn_total(n) AS {terms};"
        "CREATE OR REPLACE MACRO ubn_sum_ok(n, t) AS CASE WHEN (n // 10) % 10 = 7 "
        "THEN (t - 10) % 5 = 0 OR (t - 9) % 5 = 0 ELSE t % 5 = 0 END;"
        "CREATE OR REPLACE MACRO ubn_digits(s) AS translate(trim(s), '０１２３４５６７８９', '0123456789');"
        "CREATE OR REPLACE MACRO ubn_number(s) AS CASE WHEN regexp_full_match(ubn_digits(s), '[0-9]{8}') "
        "THEN CAST(ubn_digits(s) AS INTEGER) END;"
    )


# RE2 (DuckDB) spelling of fudao.validation.CONTROL (surrogates cannot reach DuckDB's UTF-8).
_CONTROL_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x{9f}]"

_INT_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
              "UINTEGER", "UBIGINT")
_NUM_TYPES = (*_INT_TYPES, "FLOAT", "DOUBLE", "DECIMAL")


def _typed(key: str, source_type: str | None) -> tuple[str | None, str, list[tuple[str, str]]]:
    """For one fact: the typed value computed once in an inner view (as `__v_<key>`), the
    SELECT item of the outer view, and the (failing-test, message) pairs that check it."""
    spec = FACTS[key]
    col = _q(key)
    v = _q("__v_" + key)
    if source_type is None:
        sql_type = {"int": "BIGINT", "number": "DOUBLE", "bool": "BOOLEAN"}.get(spec.type, "VARCHAR")
        return None, f"CAST(NULL AS {sql_type}) AS {col}", []
    raw = f"CAST({col} AS VARCHAR)"
    name = f"欄位「{key}」（{spec.label}）"
    checks: list[tuple[str, str]] = []
    if spec.type in ("int", "number"):
        numeric = source_type.startswith(_NUM_TYPES)
        value = f"CAST({col} AS DOUBLE)" if numeric else f"TRY_CAST(trim({raw}) AS DOUBLE)"
        if not numeric:
            checks.append((f"{col} IS NOT NULL AND {v} IS NULL", f"{name}須為數字"))
        if spec.type == "int" and not source_type.startswith(_INT_TYPES):
            checks.append((f"{v} <> floor({v})", f"{name}須為整數"))
        checks.append((f"NOT isfinite({v})", f"{name}須為有限的數字（不可為 NaN、Infinity 或超出範圍）"))
        if key in _NONNEGATIVE:
            checks.append((f"{v} < 0", f"{name}不可為負數"))
        if key in _PCT:
            checks.append((f"{v} > 100", f"{name}不可大於 100"))
        if key in FACT_RANGES:
            low, high = FACT_RANGES[key]
            checks.append((f"isfinite({v}) AND {v} < {low!r}", f"{name}不可小於 {low:,g}"))
            checks.append((f"isfinite({v}) AND {v} > {high!r}", f"{name}不可大於 {high:,.0f}"))
        if spec.type == "int" and source_type.startswith(_INT_TYPES):
            return f"CAST({col} AS DOUBLE)", f"CAST({col} AS BIGINT) AS {col}", checks
        item = f"TRY_CAST({v} AS BIGINT)" if spec.type == "int" else v
        return value, f"{item} AS {col}", checks
    if spec.type == "bool":
        if source_type == "BOOLEAN":
            return None, f"{col} AS {col}", checks
        checks.append((f"{col} IS NOT NULL AND {v} IS NULL", f"{name}須為 true 或 false"))
        return f"TRY_CAST(trim({raw}) AS BOOLEAN)", f"{v} AS {col}", checks
    if spec.type == "enum":
        allowed = ", ".join(f"'{c}'" for c, _ in spec.choices)
        checks.append((f"{col} IS NOT NULL AND {v} IS NULL", f"{name}的值不在可用選項內"))
        return f"TRY_CAST({raw} AS ENUM({allowed}))", f"{v} AS {col}", checks
    if source_type.startswith("VARCHAR"):
        checks.append((f"regexp_matches({raw}, '{_CONTROL_RE2}')", f"{name}含有不允許的控制字元"))
    if key == "county":
        county = f"replace(trim({raw}), '台', '臺')"
        allowed = ", ".join(f"'{c}'" for c in COUNTIES)
        checks.append((f"{col} IS NOT NULL AND {county} NOT IN ({allowed})",
                       f"{name}不是臺灣的縣市（例如 臺北市、新竹縣）"))
        return None, f"{county} AS {col}", checks
    if key == "ubn":
        checks.append((f"{col} IS NOT NULL AND (__ubn IS NULL OR NOT ubn_sum_ok(__ubn, __ubn_total))",
                       f"{name}格式或檢查碼錯誤"))
    return None, f"{raw} AS {col}", checks


def prepare(con: duckdb.DuckDBPyConnection, source: str, row_expr: str,
            keep: tuple[str, ...] = ()) -> list[str]:
    """Create the view `typed` (typed facts, row number, enterprise id, `__error`) over `source`;
    the raw columns named in `keep` are carried along as `__raw_<name>`."""
    _ubn_macro(con)
    described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    types = {r[0]: str(r[1]).upper() for r in described}
    columns = list(types)
    unknown = [c for c in columns if c not in SCREEN_FACTS and c not in ("id", "needs", "file_row_number")]
    if unknown:
        raise ScreenError(f"不認得的欄位：{'、'.join(unknown)}（可用欄位：id、{'、'.join(SCREEN_FACTS)}）")
    values, items, checks = [], [], []
    for key in SCREEN_FACTS:
        value, item, found = _typed(key, types.get(key))
        if value is not None:
            values.append(f"{value} AS {_q('__v_' + key)}")
        items.append(item)
        checks += found
    ident = "CAST(id AS VARCHAR)" if "id" in columns else (
        "coalesce(CAST(ubn AS VARCHAR), CAST(__row AS VARCHAR))" if "ubn" in columns
        else "CAST(__row AS VARCHAR)")
    any_bad = " OR ".join(f"coalesce({test}, FALSE)" for test, _ in checks) or "FALSE"
    messages = ", ".join(f"CASE WHEN {test} THEN '{msg}' END" for test, msg in checks) or "NULL"
    kept = "".join(f"{_q(k) if k in types else 'NULL'} AS {_q('__raw_' + k)}, " for k in keep)
    con.execute(
        f"CREATE OR REPLACE VIEW numbered AS SELECT *, {row_expr} AS __row, "
        f"{'ubn_number(CAST(ubn AS VARCHAR))' if 'ubn' in types else 'NULL'} AS __ubn FROM {source};"
        "CREATE OR REPLACE VIEW valued AS SELECT *, ubn_total(__ubn) AS __ubn_total"
        f"{''.join(', ' + v for v in values)} FROM numbered;"
        f"CREATE OR REPLACE VIEW typed AS SELECT __row AS row, {ident} AS enterprise_id, "
        f"{', '.join(items)}, {kept}CASE WHEN {any_bad} THEN concat_ws('；', {messages}) END AS __error "
        "FROM valued"
    )
    return columns


def _source_for(path: Path) -> tuple[str, str]:
    """The DuckDB table function reading a file and the expression of its 1-based row number."""
    text = str(path).replace("'", "''")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return f"read_csv('{text}', all_varchar = true, header = true)", "row_number() OVER ()"
    if suffix in (".parquet", ".pq"):
        return (f"read_parquet('{text}', file_row_number = true)",
                "file_row_number + 1")
    raise ScreenError(f"不支援的檔案格式：{path.name}（請用 .csv 或 .parquet）")


def select_rules(measure: str | None) -> list[Rule]:
    """Every rule that decides something (an informational one — no conditions, every enterprise
    alike — is screened only when asked for by name), or the one of `measure` (ScreenError when
    there is no such rule)."""
    rules = published_rules()
    if measure is None:
        return [r for r in rules.values() if not r.informational]
    if measure not in rules:
        raise ScreenError(f"找不到措施「{measure}」的資格規則（可用：{'、'.join(rules)}）")
    return [rules[measure]]


def screen_sql(rules: list[Rule], on: dt.date, dialect: str = "duckdb",
               source: str = "valid") -> str:
    """The compiled screening query over a table of typed facts, rendered for a dialect."""
    return _compiled(tuple(rules), on, dialect, source)


@lru_cache(maxsize=32)
def _compiled(rules: tuple[Rule, ...], on: dt.date, dialect: str, source: str) -> str:
    from sqlglot import exp

    return screen_select(rules, exp.to_table(source), KEY_COLUMNS, on).sql(dialect=dialect)


def _copy_to(con: duckdb.DuckDBPyConnection, query: str, out: Path) -> None:
    fmt = "PARQUET" if out.suffix.lower() in (".parquet", ".pq") else "CSV, HEADER"
    target = str(out).replace("'", "''")
    con.execute(f"COPY ({query}) TO '{target}' (FORMAT {fmt})")


def screen_file(path: Path, out: Path, *, measure: str | None = None,
                errors_out: Path | None = None, on: dt.date | None = None,
                threads: int | None = None) -> ScreenReport:
    """Screen every row of a CSV/Parquet file against the rules; write results and bad rows."""
    if not path.is_file():
        raise ScreenError(f"找不到企業資料檔：{path}")
    if out.suffix.lower() not in (".csv", ".parquet", ".pq"):
        raise ScreenError(f"輸出檔須為 .csv 或 .parquet：{out.name}")
    rules = select_rules(measure)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # stdout carries only the JSON summary
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    source, row_expr = _source_for(path)
    try:
        prepare(con, source, row_expr)
    except duckdb.Error as exc:
        raise ScreenError(f"無法讀取企業資料檔 {path.name}：{exc}") from None
    return _run(con, rules, out, errors_out or out.with_name(out.stem + ".errors.csv"),
                on or dt.date.today())


def _as_enums(query: str, rules: list[Rule]) -> str:
    """The screening query with measure and status as ENUM columns (cheaper to write)."""
    measures = ", ".join(f"'{r.measure_id}'" for r in rules)
    return (f"SELECT row, enterprise_id, CAST(measure_id AS ENUM({measures})) AS measure_id, "
            "CAST(status AS ENUM('eligible', 'ineligible', 'unknown')) AS status, max_amount_twd "
            f"FROM ({query})")


def needed_facts(rules: list[Rule]) -> list[str]:
    """The entered facts the rules (and the derived facts they use) read."""
    from fudao.rules.derived import base_facts, definitions

    found: list[str] = []  # the derived columns are always computed, so their inputs are kept
    for d in definitions().facts:
        found += [b for b in base_facts(d.key) if b not in found]
    for rule in rules:
        nodes = [rule.condition] + [c.when for c in (rule.benefit.cases if rule.benefit else ()) if c.when]
        for node in nodes:
            for fact in node.facts_read():
                found += [b for b in base_facts(fact) if b not in found]
    return [f for f in SCREEN_FACTS if f in found]


def _run(con: duckdb.DuckDBPyConnection, rules: list[Rule], out: Path, errors_out: Path,
         on: dt.date) -> ScreenReport:
    """Materialise the valid rows, write the screening output and the error report."""
    kept = ", ".join(_q(f) for f in needed_facts(rules))
    con.execute(f"CREATE TEMP TABLE checked AS SELECT row, enterprise_id, {kept}, __error FROM typed")
    con.execute("CREATE OR REPLACE VIEW valid AS SELECT * EXCLUDE (__error) FROM checked "
                "WHERE __error IS NULL")
    report = ScreenReport(out=str(out), measures=[r.measure_id for r in rules])
    report.enterprises = con.execute("SELECT count(*) FROM checked").fetchone()[0]  # type: ignore[index]
    bad = con.execute("SELECT row, enterprise_id, __error FROM checked WHERE __error IS NOT NULL "
                      "ORDER BY row").fetchall()
    report.errors = len(bad)
    report.screened = report.enterprises - report.errors
    report.error_lines = [f"第 {row} 筆資料（{ident}）：{msg}" for row, ident, msg in bad]
    if bad:
        _copy_to(con, "SELECT row, enterprise_id, __error AS error FROM checked "
                      "WHERE __error IS NOT NULL ORDER BY row", errors_out.with_suffix(".csv"))
        report.errors_file = str(errors_out.with_suffix(".csv"))
    con.execute("SET preserve_insertion_order = false")  # rows carry their numbers; order is free
    _copy_to(con, _as_enums(screen_sql(rules, on), rules), out)
    report.rows_written = report.screened * len(rules)
    counts = con.execute(
        f"SELECT measure_id, status, count(*) FROM ({screen_sql(rules, on)}) GROUP BY ALL"
    ).fetchall() if report.screened <= 200_000 else []
    for measure_id, status, n in counts:
        report.by_measure.setdefault(measure_id, {})[status] = n
    return report


def screen_rows(con: duckdb.DuckDBPyConnection, source: str, rules: list[Rule],
                on: dt.date) -> list[dict[str, Any]]:
    """Screen a DuckDB relation in memory (used by tests and the agreement benchmark)."""
    prepare(con, source, "row_number() OVER ()")
    con.execute("CREATE OR REPLACE TEMP TABLE valid AS SELECT * EXCLUDE (__error) FROM typed "
                "WHERE __error IS NULL")
    cur = con.execute(screen_sql(rules, on))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
