"""Exports of registrations: text typed on the public form never becomes a live formula in the
CSV or the XLSX (formula injection), numbers stay numbers; the shared helper `fudao.exports`."""

from __future__ import annotations

import csv
import io

import pytest
from eventhelpers import make_event, person
from openpyxl import Workbook, load_workbook

from fudao.accounts.actors import LOCAL
from fudao.events import exports, services
from fudao.events.selectors import get_event
from fudao.exports import append_row, csv_cell, csv_text, is_risky

FORMULA = '=HYPERLINK("http://x","y")'
PHONE = "+886 2 2345 6789"


@pytest.mark.parametrize("text", [FORMULA, "+886912345678", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1+1"])
def test_risky_text_is_quoted_in_csv(text):
    assert is_risky(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["王小明", "02-2345-6789", "a=b", "", 12, -3, 2.5, None])
def test_plain_text_and_numbers_are_kept(value):
    assert csv_cell(value) == value


def test_xlsx_row_keeps_text_as_text_and_numbers_as_numbers():
    book = Workbook()
    sheet = book.active
    append_row(sheet, [FORMULA, "-5", "#N/A", "bell\x07name", -5, 1.5, None])
    out = io.BytesIO()
    book.save(out)
    row = next(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows(min_row=1, max_row=1))
    assert [c.value for c in row[:6]] == [FORMULA, "-5", "#N/A", "bellname", -5, 1.5]
    assert [c.data_type for c in row[:6]] == ["s", "s", "s", "s", "n", "n"]
    assert row[0].quotePrefix and row[1].quotePrefix and not row[2].quotePrefix
    assert csv_text([[FORMULA, -5]]) == '"\'=HYPERLINK(""http://x"",""y"")",-5\r\n'


@pytest.mark.django_db
def test_registration_exports_neutralise_formulas_typed_on_the_form(client):
    make_event()
    bad = services.register(event_id="ev-1", registrant=person(1, name=FORMULA, org="@corp", phone=PHONE))
    services.register(event_id="ev-1", registrant=person(2))
    event = get_event("ev-1")

    rows = list(csv.reader(io.StringIO(exports.to_csv(event, by=LOCAL).decode("utf-8-sig"))))
    first = rows[1]
    assert first[0] == str(bad.registration.pk)
    assert (first[1], first[2], first[4]) == ("'" + FORMULA, "'@corp", "'" + PHONE)
    assert rows[2][1:3] == ["報名者2", "公司2"]  # ordinary text unchanged

    sheet = load_workbook(io.BytesIO(exports.to_xlsx(event, by=LOCAL)))["報名名單"]
    name, org, phone = sheet["B2"], sheet["C2"], sheet["E2"]
    assert (name.value, name.data_type) == (FORMULA, "s")  # shown as typed, not a formula
    assert (org.data_type, phone.value, phone.data_type) == ("s", PHONE, "s")
    assert name.quotePrefix and phone.quotePrefix
    assert (sheet["A2"].value, sheet["A2"].data_type) == (bad.registration.pk, "n")  # numbers stay numbers
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
