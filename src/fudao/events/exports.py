"""Exports of an event's registrations (CSV with a BOM for Excel, XLSX by openpyxl) with a
Chinese header row and the consent to be contacted shown."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils import timezone

from fudao.events.models import Event
from fudao.events.selectors import registrations

HEADER = ["報名編號", "姓名", "單位", "統一編號", "電話", "電子郵件", "同意聯繫", "狀態", "候補順位",
          "出席", "案號", "報名時間"]
ATTENDED = {True: "出席", False: "未出席", None: ""}


def rows(event: Event) -> list[list[Any]]:
    """The header and one row per registration (registered, waitlist in order, cancelled)."""
    out: list[list[Any]] = [HEADER]
    for r in registrations(event):
        out.append([r.pk, r.name, r.org, r.ubn, r.phone, r.email, "同意" if r.consent else "不同意",
                    r.get_status_display(), r.position or "", ATTENDED[r.attended],
                    r.case.case_no if r.case else "",
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")])
    return out


def to_csv(event: Event) -> bytes:
    """The registrations as UTF-8 CSV with a byte-order mark (Excel opens it as Chinese)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows(event))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(event: Event) -> bytes:
    """The registrations as an XLSX workbook of one sheet, header row bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "報名名單"
    for row in rows(event):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKL", (10, 12, 24, 11, 16, 28, 10, 8, 9, 8, 12, 17), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
