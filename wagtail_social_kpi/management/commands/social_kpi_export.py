"""``manage.py social_kpi_export``: the participation figures to a CSV, XLSX or JSON file, for
scheduled exports (``docs/kpi.md`` has a cron line).

The rows are the admin reports' (``wagtail_social_kpi.tables``), protected the same way (no cell
about fewer than k people), written by the same exporter (formulas neutralised, CSV with a byte
order mark). The command runs with no user: it exports **as an administrator sees**, every live
page, private communities included; whoever reads the file must be allowed to see them all.

The file is written next to its final name and renamed when complete, so a scheduled job never
leaves a half-written file under that name. On a terminal, a progress bar goes to stderr; in
cron (no terminal) nothing does. Each export is written to Wagtail's audit log, with no user.
"""

from __future__ import annotations

import argparse
import datetime
import os
import tempfile
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail_social.spreadsheets import CSV_DELIMITERS, delimiter_for_language

from ... import tables
from ...definitions import DateRange
from ...exports import FORMATS, FileExport, log_export


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(text)r is not a date: write it as YYYY-MM-DD.") % {"text": text}
        ) from None


class Command(BaseCommand):
    help = (
        "Export the participation figures (k-anonymous, as an administrator sees them) to a CSV, "
        "XLSX or JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", type=iso_date, required=True, help="First day (YYYY-MM-DD)."
        )
        parser.add_argument("--to", dest="end", type=iso_date, required=True, help="Last day, included.")
        parser.add_argument("--by", dest="grouping", choices=tables.GROUPINGS, required=True)
        parser.add_argument("--format", dest="export_format", choices=FORMATS, required=True)
        parser.add_argument("--output", required=True, help="The file to write (replaced if it exists).")
        parser.add_argument(
            "--delimiter",
            choices=[";", ",", "tab"],
            help="CSV delimiter: ';', ',' or 'tab' (default: ';' in French, ',' in English).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=translation.get_supported_language_variant(settings.LANGUAGE_CODE),
            help="Language of the headings and of withheld cells (default: LANGUAGE_CODE).",
        )

    def handle(self, *args, start, end, grouping, export_format, output, delimiter, language, **options):
        if start > end:
            raise CommandError(
                _("--from (%(start)s) is after --to (%(end)s).") % {"start": start, "end": end}
            )
        date_range = DateRange(start, end)
        with translation.override(language):
            delimiter = CSV_DELIMITERS[delimiter] if delimiter else delimiter_for_language(language)
            partial = self._open_beside(output)
            try:
                with partial:
                    table = tables.table_for(grouping, date_range, tables.ADMINISTRATOR)
                    FileExport(table, delimiter).write(export_format, partial, self._progress(table))
                os.replace(partial.name, output)
            except BaseException:
                os.unlink(partial.name)
                raise
            log_export(table, export_format, command=True)
        self.stdout.write(_("%(rows)s rows written to %(output)s.") % {"rows": len(table), "output": output})

    def _open_beside(self, output: str):
        """A new file in the output's folder (renamed to ``output`` when complete); a clear error
        if it cannot be written there."""
        if os.path.isdir(output):
            raise CommandError(_("%(output)s is a folder, not a file.") % {"output": output})
        folder = os.path.dirname(os.path.abspath(output))
        try:
            return tempfile.NamedTemporaryFile(
                dir=folder, prefix=".social_kpi_export-", suffix=".part", delete=False
            )
        except OSError as error:
            raise CommandError(
                _("Cannot write %(output)s: %(error)s") % {"output": output, "error": error.strerror or error}
            ) from error

    def _progress(self, table: tables.Table) -> Iterable[dict]:
        """The table's rows, with a progress bar on stderr when it is a terminal."""
        if not self.stderr.isatty():
            return table.rows()
        return self._with_bar(table.rows(), len(table))

    def _with_bar(self, rows: Iterator[dict], count: int) -> Iterator[dict]:
        width = 30
        for done, row in enumerate(rows, start=1):
            yield row
            filled = width * done // max(count, 1)
            self.stderr.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{count}", ending="")
            self.stderr.flush()
        self.stderr.write("")
