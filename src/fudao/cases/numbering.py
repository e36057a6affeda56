"""Case numbers `<民國年>-<6 digits>`: sequential within the 民國 year, never reused, and never
handed out twice under concurrency (one atomic upsert of the year's counter)."""

from __future__ import annotations

import re
from datetime import datetime

from django.db import connection

from fudao.cases.models import CaseCounter
from fudao.errors import Invalid
from fudao.validation import check_roc_year

CASE_NO = re.compile(r"^(?P<year>\d{2,3})-(?P<seq>\d{6})$")


def roc_year(at: datetime) -> int:
    """The 民國 year of an instant in Asia/Taipei."""
    from django.utils import timezone

    return check_roc_year(timezone.localtime(at).year - 1911)


def format_case_no(year: int, seq: int) -> str:
    """`115-000042`."""
    return f"{year}-{seq:06d}"


def parse_case_no(case_no: str) -> tuple[int, int]:
    """The 民國 year and sequence of a case number, or ValueError (zh-TW)."""
    m = CASE_NO.match((case_no or "").strip())
    if not m or int(m["seq"]) == 0 or int(m["year"]) == 0 or m["year"].startswith("0"):
        raise Invalid(f"案號「{case_no}」格式不正確，應為 民國年-6位數字，例如 115-000042")
    return int(m["year"]), int(m["seq"])


def _table() -> str:
    return connection.ops.quote_name(CaseCounter._meta.db_table)


def next_case_no(year: int) -> str:
    """Take the next number of the year: must run inside the transaction that saves the case
    (the counter row stays locked until it commits)."""
    sql = (f"INSERT INTO {_table()} (year, last) VALUES (%s, 1) "
           f"ON CONFLICT (year) DO UPDATE SET last = {_table()}.last + 1 RETURNING last")
    with connection.cursor() as cursor:
        cursor.execute(sql, [year])
        seq = int(cursor.fetchone()[0])
    return format_case_no(year, seq)


def keep_case_no(case_no: str) -> None:
    """Record an imported number so that later numbers of its year come after it."""
    year, seq = parse_case_no(case_no)
    bigger = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    sql = (f"INSERT INTO {_table()} (year, last) VALUES (%s, %s) "
           f"ON CONFLICT (year) DO UPDATE SET last = {bigger}({_table()}.last, excluded.last)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, seq])
