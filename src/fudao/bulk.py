"""Fast multi-row inserts for imports and benchmarks: one `executemany` of plain values instead
of Django's per-row SQL compilation (10-20x fewer CPU cycles for wide rows)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def _adapter(field: models.Field) -> Any:  # type: ignore[type-arg]
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    return None


def insert_rows(model: type[models.Model], objs: Sequence[models.Model], *, batch: int = 2000) -> None:
    """Insert the unsaved objects (every concrete field but the auto primary key, auto_now
    fields filled in); their primary keys are NOT set (read them back by a unique key)."""
    if not objs:
        return
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    adapters = [(f.attname, _adapter(f)) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    rows = []
    for obj in objs:
        row = []
        for attname, adapt in adapters:
            value = getattr(obj, attname)
            row.append(adapt(value) if adapt is not None and value is not None else value)
        rows.append(row)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start:start + batch])
