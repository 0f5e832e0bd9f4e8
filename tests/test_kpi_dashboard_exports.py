"""The dashboard's own exports (``?export=csv|xlsx|json`` on the dashboard, rows from
``wagtail_social_kpi.dashboard_figures``) on the hand-built dataset (``tests/kpi_dataset.py``,
k = 3): the figures of the screen, withheld cells as text, formulas neutralised, permissions,
the audit log, and queries that do not grow with the records."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from tests import kpi_dataset
from tests.kpi_dataset import KPI_SETTINGS, R, add_page_views
from tests.polls_admin import body
from tests.utils import make_user
from wagtail_social_kpi import definitions, population, privacy
from wagtail_social_kpi.admin import presentation
from wagtail_social_kpi.dashboard_figures import dashboard_figures, dashboard_table
from wagtail_social_kpi.exports import EXPORT_LOG_ACTION

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("wagtail_social_kpi_admin:dashboard")
RANGE = {"start": "2026-11-02", "end": "2026-11-29"}
FEWER = "fewer than 3"
PAYLOAD = "=1+1"


@pytest.fixture
def data(home):
    with override_settings(**KPI_SETTINGS):
        yield kpi_dataset.build(home)


def admin_user(name, *codenames):
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return make_user(name, group)


@pytest.fixture
def exporter(data):
    return admin_user("exporter", "view_participation", "export_participation")


@pytest.fixture
def comms(data):
    return admin_user("comms", "view_participation")


def export(client, export_format, **params):
    response = client.get(DASHBOARD, {**RANGE, **params, "export": export_format})
    assert response.status_code == 200, response.content
    return response


def rows_of(response, export_format) -> list[dict]:
    """The exported rows as dicts keyed by the column headings (CSV: texts; XLSX: cells)."""
    content = body(response)
    if export_format == "json":
        exported = json.loads(content)
        labels = {column["key"]: column["label"] for column in exported["columns"]}
        return [{labels[key]: value for key, value in row.items()} for row in exported["rows"]]
    if export_format == "csv":
        assert content.startswith(codecs.BOM_UTF8)
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def find(rows, section, key, who="Everyone"):
    (row,) = [r for r in rows if r["Section"] == section and r["Figure key"] == key and r["Who"] == who]
    return row


def same_people(exported, shown) -> bool:
    """Whether an exported count of people is the one the screen shows ("8 people", "fewer
    than 3 people", "hidden", "—")."""
    if isinstance(exported, int):
        return str(presentation.people(exported)) == str(shown)
    return str(shown).startswith(exported or "—")


class TestFigures:
    def test_the_export_has_the_dashboards_figures(self, client_for, exporter):
        client = client_for(exporter)
        rows = rows_of(export(client, "json", group_a="Pilot"), "json")
        screen = client.get(DASHBOARD, {**RANGE, "group_a": "Pilot"}).context
        # Headline: by hand (tests/test_kpi_definitions.py) 12 people; readers 8 (66.7 %), the
        # previous period 4 (33.3 %): +4, +33.3 points. The screen says the same.
        readers = find(rows, "Headline figures", "readers")
        assert (readers["Count"], readers["Share of the population (%)"]) == (8, 66.7)
        assert (readers["Previous period"], readers["Previous period (%)"]) == (4, 33.3)
        assert (readers["Change"], readers["Change (points)"]) == (4, 33.3)
        assert (readers["From"], readers["To"]) == ("2026-11-02", "2026-11-29")
        assert find(rows, "Headline figures", "population")["Count"] == 12
        for row in screen["headline"]:
            exported = find(rows, "Headline figures", row.key)
            assert same_people(exported["Count"], row.count)
            assert same_people(exported["Previous period"], row.previous_count)
            if isinstance(exported["Share of the population (%)"], float):
                assert f"{round(exported['Share of the population (%)'])}\u00a0%" == str(row.share)
        # Every figure is the protected definitions' one.
        headline = privacy.protect_headline(definitions.headline(R))
        for key, figure in headline.figures():
            exported = find(rows, "Headline figures", key)["Count"]
            assert exported == (str(figure.count) if privacy.is_suppressed(figure.count) else figure.count)
        # The trend: week 1 (2-8 November) 5 readers of 12 (41.7 %), as the screen's first row.
        weeks = [r for r in rows if r["Section"] == "Trend" and r["Figure key"] == "readers"]
        assert [(w["From"], w["Count"]) for w in weeks] == [
            ("2026-11-02", 5),
            ("2026-11-09", 4),
            ("2026-11-16", 3),
            ("2026-11-23", 3),
        ]
        assert weeks[0]["Share of the population (%)"] == 41.7
        assert str(screen["periods"][0]["cells"][0]) == "42\u00a0% (5 people)"
        # The departments, by name as on the screen: Sales 4 readers of 5.
        departments = [
            r["Who"] for r in rows if r["Section"] == "By department" and r["Figure key"] == "readers"
        ]
        assert departments == [row["name"] for row in screen["departments"]] == ["HR", "Sales", "Tech"]
        protected = privacy.protect_departments(definitions.by_department(R, population.departments()))
        assert (
            find(rows, "By department", "readers", "Sales")["Count"] == protected["Sales"].readers.count == 4
        )
        # The pyramid, top first; the comparison: Pilot 4 of 4 readers, everyone else 4 of 8.
        pyramid = [r["Figure key"] for r in rows if r["Section"] == "Participation pyramid"]
        assert pyramid == [row.key for row in screen["pyramid"]]
        assert find(rows, "Comparison", "readers", "Pilot")["Share of the population (%)"] == 100
        assert find(rows, "Comparison", "readers", "everyone else")["Count"] == 4
        assert find(rows, "Comparison", "population", "everyone else")["Count"] == 8

    @pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
    def test_withheld_cells_are_text(self, client_for, exporter, export_format):
        rows = rows_of(export(client_for(exporter), export_format), export_format)
        # The previous period: 1 active contributor (k = 3); HR has 2 people; the pyramid's one
        # heavy contributor and, completing it, the smallest other level.
        contributors = find(rows, "Headline figures", "active_contributors")
        assert contributors["Previous period"] == FEWER and contributors["Previous period (%)"] == FEWER
        assert contributors["Change"] == FEWER
        hr = [r for r in rows if r["Who"] == "HR"]
        assert hr and all(r["Count"] == FEWER for r in hr)
        pyramid = {r["Figure key"]: r["Count"] for r in rows if r["Section"] == "Participation pyramid"}
        assert pyramid["heavy_contributors"] == FEWER and "hidden" in pyramid.values()
        assert not [r for r in rows if r["Count"] in (0, "0") and r["Who"] == "HR"]

    def test_short_range_and_refused_comparison_say_why(self, client_for, exporter):
        client = client_for(exporter)
        rows = rows_of(export(client, "csv", start="2026-11-02", end="2026-11-14"), "csv")
        regular = find(rows, "Headline figures", "regular_readers")
        assert regular["Count"] == "" and "at least two weeks" in regular["Note"]
        rows = rows_of(export(client, "csv", group_a="Pilot", group_b="Pilot and Anne"), "csv")
        (refused,) = [r for r in rows if r["Section"] == "Comparison"]
        assert refused["Who"] == "Pilot against Pilot and Anne"
        assert "not compared" in refused["Note"] and refused["Count"] == ""

    def test_by_month(self, client_for, exporter):
        rows = rows_of(
            export(client_for(exporter), "csv", start="2026-10-01", end="2026-11-30", grain="month"), "csv"
        )
        readers = [
            (r["From"], r["Count"]) for r in rows if r["Section"] == "Trend" and r["Figure key"] == "readers"
        ]
        assert readers == [("2026-10-01", "4"), ("2026-11-01", "8")]


def test_formula_names_are_neutralised_in_csv_and_xlsx(client_for, data):
    """A department and a comparison group named ``=1+1`` come out as text in CSV and XLSX."""
    department = Group.objects.create(name=f"Dept: {PAYLOAD}")
    group = Group.objects.create(name=PAYLOAD)
    for number in range(1, 4):
        make_user(f"q{number}", data.groups["Employees"], department, group)
    exporter = admin_user("exporter", "view_participation", "export_participation")
    client = client_for(exporter)
    with override_settings(WAGTAIL_SOCIAL_KPI_COMPARISON_GROUPS=[PAYLOAD]):
        for export_format in ("csv", "xlsx"):
            rows = rows_of(export(client, export_format, group_a=PAYLOAD), export_format)
            names = {r["Who"] for r in rows}
            assert "'" + PAYLOAD in names and PAYLOAD not in names, names
            assert find(rows, "By department", "readers", "'" + PAYLOAD)["Count"] in (0, "0")
        names = {r["Who"] for r in rows_of(export(client, "json", group_a=PAYLOAD), "json")}
        assert PAYLOAD in names  # JSON is data, not a sheet: as it is


class TestPermissions:
    def test_links_shown_with_the_export_permission(self, client_for, exporter):
        html = client_for(exporter).get(DASHBOARD, {**RANGE, "grain": "month"}).content.decode()
        for export_format in ("csv", "xlsx", "json"):
            query = f"?start=2026-11-02&amp;end=2026-11-29&amp;grain=month&amp;export={export_format}"
            assert f'href="{query}"' in html
        assert "Download XLSX" in html

    def test_links_hidden_and_403_without_it(self, client_for, comms):
        client = client_for(comms)
        html = client.get(DASHBOARD, RANGE).content.decode()
        assert "Download" not in html and "export=" not in html
        for export_format in ("csv", "xlsx", "json"):
            assert client.get(DASHBOARD, {**RANGE, "export": export_format}).status_code == 403
        assert not ModelLogEntry.objects.filter(action=EXPORT_LOG_ACTION).exists()

    def test_exporting_needs_seeing_too(self, client_for, data):
        client = client_for(admin_user("export_only", "export_participation"))
        assert client.get(DASHBOARD, {**RANGE, "export": "csv"}).status_code == 403

    def test_a_bad_range_is_a_bad_request(self, client_for, exporter):
        response = client_for(exporter).get(
            DASHBOARD, {"start": "2026-11-20", "end": "2026-11-02", "export": "csv"}
        )
        assert response.status_code == 400 and escape("starts after it ends") in response.content.decode()


def test_every_export_is_in_the_audit_log(client_for, exporter):
    client = client_for(exporter)
    body(export(client, "xlsx", grain="month", group_a="Pilot"))
    body(export(client, "csv"))
    entries = ModelLogEntry.objects.filter(action=EXPORT_LOG_ACTION).order_by("timestamp", "pk")
    assert [entry.data for entry in entries] == [
        {
            "grouping": "dashboard",
            "start": "2026-11-02",
            "end": "2026-11-29",
            "format": "xlsx",
            "grain": "month",
            "group_a": "Pilot",
            "group_b": None,
        },
        {
            "grouping": "dashboard",
            "start": "2026-11-02",
            "end": "2026-11-29",
            "format": "csv",
            "grain": "week",
            "group_a": None,
            "group_b": None,
        },
    ]
    assert {entry.user_id for entry in entries} == {exporter.pk}


def test_the_table_is_the_screens_gathering(data):
    """The screen and the export read one gathering (``dashboard_figures``): same figures."""
    figures = dashboard_figures(R, "week", ("Pilot", None))
    rows = list(dashboard_table(figures).rows())
    assert rows[0]["section"] == "Headline figures" and rows[0]["count"] == 12
    assert figures.headline == privacy.protect_headline(definitions.headline(R))
    assert figures.periods == privacy.protect_periods(definitions.by_period(R, "week"))
    assert {row["start"] for row in rows if row["section"] == "Trend"} == {
        R.start + datetime.timedelta(weeks=n) for n in range(4)
    }


def test_queries_do_not_grow_with_records(client_for, exporter, data):
    client = client_for(exporter)
    query = {"group_a": "Pilot"}

    def count():
        with CaptureQueriesContext(connection) as queries:
            for export_format in ("csv", "xlsx", "json"):
                body(export(client, export_format, **query))
        return len(queries)

    count()
    before = count()
    add_page_views(data, 150)
    for number in range(13, 30):
        make_user(f"p{number}", data.groups["Employees"], data.groups["Dept: Tech"])
    assert count() == before
