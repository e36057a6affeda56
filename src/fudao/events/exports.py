"""Exports of an event's registrations (CSV with a BOM for Excel, XLSX by openpyxl) with a
Chinese header row and the consent to be contacted shown. Text typed by registrants is
neutralised against formula injection (`fudao.exports`); a case number is shown only to whom
may see that case."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.events.models import Event, Registration
from fudao.events.selectors import registrations
from fudao.exports import append_row, csv_text

HEADER = ["報名編號", "姓名", "單位", "統一編號", "電話", "電子郵件", "同意聯繫", "狀態", "候補順位",
          "出席", "案號", "報名時間"]
ATTENDED = {True: "出席", False: "未出席", None: ""}
HIDDEN_CASE = "已轉案"


def case_label(registration: Registration, by: Actor) -> str:
    """The case number of the registration's case when `by` may see that case; "已轉案" when
    it may not (the number of a case its page refuses is never shown); "" without a case."""
    from fudao.cases.policy import can_see

    case = registration.case
    if case is None:
        return ""
    return case.case_no if can_see(by, case) else HIDDEN_CASE


def rows(event: Event, *, by: Actor) -> list[list[Any]]:
    """The header and one row per registration (registered, waitlist in order, cancelled)."""
    out: list[list[Any]] = [HEADER]
    for r in registrations(event):
        out.append([r.pk, r.name, r.org, r.ubn, r.phone, r.email, "同意" if r.consent else "不同意",
                    r.get_status_display(), r.position or "", ATTENDED[r.attended], case_label(r, by),
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")])
    return out


def to_csv(event: Event, *, by: Actor) -> bytes:
    """The registrations as UTF-8 CSV with a byte-order mark (Excel opens it as Chinese)."""
    return ("\ufeff" + csv_text(rows(event, by=by))).encode("utf-8")


def to_xlsx(event: Event, *, by: Actor) -> bytes:
    """The registrations as an XLSX workbook of one sheet, header row bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "報名名單"
    for row in rows(event, by=by):
        append_row(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKL", (10, 12, 24, 11, 16, 28, 10, 8, 9, 8, 12, 17), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
