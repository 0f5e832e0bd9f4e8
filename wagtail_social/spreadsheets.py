"""Spreadsheets we hand out (CSV and XLSX): safe to open, and readable by French Excel.

Every export of the suite goes through :class:`SafeSpreadsheetExportMixin`, a thin layer over
Wagtail's ``SpreadsheetExportMixin``:

* **Formula injection.** A cell holds what employees typed (a helpfulness comment, a poll
  choice, a person's name). A spreadsheet program reads a text cell that starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return as a formula, and a formula can fetch a URL
  that carries the sheet's other cells away (``=HYPERLINK("http://…"&A1, "click")``). Such a
  text is prefixed with a single quote, as OWASP advises ("CSV Injection"), in CSV and XLSX
  alike: one rule, and a cell copied from the XLSX into a CSV stays inert. Numbers and dates
  are not text: they stay numbers and dates.
* **French Excel.** Excel reads a CSV in the system's code page and splits it on the list
  separator of the system's locale, ``;`` in French. A UTF-8 byte order mark and ``;`` make the
  file open in columns with its accents intact; LibreOffice and Python's ``csv`` read it too.
"""

from __future__ import annotations

import codecs
import csv
from typing import Any

from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

# What makes a spreadsheet program read a text cell as a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"


def neutralise_cell(value: Any) -> Any:
    """``value`` as a spreadsheet cell that no program evaluates: a text starting like a formula
    gets a leading single quote; anything else (numbers, dates, empty cells) is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Wagtail's CSV and XLSX export with every cell neutralised, and a CSV for French Excel.

    Put it before any Wagtail view that already has ``SpreadsheetExportMixin`` (such as
    ``ReportView``) so that its methods come first."""

    def preprocess_field_value(self, field, value, export_format):
        # The one hook both formats write each data cell through (``write_csv_row`` and
        # ``generate_xlsx_row``), after Wagtail's own conversions (lists joined, dates made naive).
        return neutralise_cell(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise_cell(super().get_heading(queryset, field))

    def stream_csv(self, queryset):
        """Wagtail's ``stream_csv`` with ``;`` between cells and a byte order mark first (rows come
        out of ``Echo`` as UTF-8 bytes)."""
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=CSV_DELIMITER)
        headings = {field: self.get_heading(queryset, field) for field in self.list_export}
        yield codecs.BOM_UTF8 + writer.writerow(headings)
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response
