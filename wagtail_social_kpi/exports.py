"""Exports of the participation tables (``tables``): CSV, XLSX and JSON through the core's
``SafeSpreadsheetExportMixin`` (formulas neutralised, CSV with a byte order mark, the delimiter
by language), for the admin reports and the ``social_kpi_export`` command alike; and the audit
log entry each export leaves.

A withheld cell (``privacy.Suppressed``) is written as its text, "fewer than k", in every
format. Rows are made one at a time (``Table.rows`` is a generator) and written as they come:
the CSV and JSON stream, the XLSX goes through openpyxl's write-only workbook into a file.
"""

from __future__ import annotations

from typing import BinaryIO

from django.utils.encoding import force_str
from wagtail.log_actions import log

from wagtail_social.spreadsheets import FORMAT_JSON, SafeSpreadsheetExportMixin

from .models import ParticipationFigures
from .privacy import Suppressed
from .tables import Table

EXPORT_LOG_ACTION = "wagtail_social_kpi.export"
FORMATS = ("csv", "xlsx", FORMAT_JSON)


class TableExportMixin(SafeSpreadsheetExportMixin):
    """Exports a :class:`~wagtail_social_kpi.tables.Table`: its columns, then its rows."""

    json_export = True
    csv_delimiter_by_language = True
    custom_value_preprocess = {
        **SafeSpreadsheetExportMixin.custom_value_preprocess,
        Suppressed: {"csv": force_str, "xlsx": force_str},
    }
    table: Table | None = None

    def use_table(self, table: Table) -> None:
        """Export ``table``: its columns become the exported fields and their headings."""
        self.table = table
        self.list_export = table.keys
        self.export_headings = table.headings

    def to_row_dict(self, item: dict) -> dict:
        return {field: item.get(field) for field in self.list_export}

    def get_filename(self) -> str:
        return f"participation-by-{self.table.grouping}-{self.table.date_range.start}-{self.table.date_range.end}"

    def get_json_metadata(self) -> dict:
        return {
            "grouping": self.table.grouping,
            "start": self.table.date_range.start,
            "end": self.table.date_range.end,
        }


class FileExport(TableExportMixin):
    """The same exports written to a file, without a request (the command)."""

    def __init__(self, table: Table, delimiter: str | None = None):
        self.csv_delimiter = delimiter
        self.use_table(table)

    def write(self, export_format: str, output: BinaryIO, rows) -> None:
        """Write ``rows`` (the table's, or the same wrapped by a progress bar) to ``output``."""
        if export_format == "xlsx":
            self.write_xlsx(rows, output)
            return
        chunks = self.stream_json(rows) if export_format == FORMAT_JSON else self.stream_csv(rows)
        for chunk in chunks:
            output.write(chunk)


def log_export(table: Table, export_format: str, user=None, **details) -> None:
    """An entry in Wagtail's audit log: who exported which table, over which range, in which
    format (and the report's other filters, in ``details``)."""
    data = {
        "grouping": table.grouping,
        "start": table.date_range.start.isoformat(),
        "end": table.date_range.end.isoformat(),
        "format": export_format,
        **details,
    }
    # The figures have no row of their own: the entry names the grouping as the object.
    log(
        instance=ParticipationFigures(pk=table.grouping),
        action=EXPORT_LOG_ACTION,
        user=user,
        title=force_str(ParticipationFigures._meta.verbose_name),
        data=data,
    )
