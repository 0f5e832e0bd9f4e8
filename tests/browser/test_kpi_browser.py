"""The participation dashboard as a comms user uses it: open it from the menu, change the range,
the grouping and the comparison with the pickers (a plain GET form), and read the new figures;
then the departments report's and the dashboard's XLSX exports, whose figures are the ones the
screens show; and the year-on-year report of the stored months."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from tests import kpi_dataset
from tests.browser.test_comments_browser import log_in
from tests.kpi_dataset import KPI_SETTINGS
from tests.utils import make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NBSP = "\u00a0"


def comms_user(*codenames):
    group = Group.objects.create(name="Comms")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return make_user("comms", group)


@pytest.fixture
def comms(home):
    with override_settings(**KPI_SETTINGS):
        kpi_dataset.build(home)
        yield comms_user("view_participation")


@pytest.fixture
def exporter(home):
    with override_settings(**KPI_SETTINGS):
        kpi_dataset.build(home)
        yield comms_user("view_participation", "export_participation")


def same_figure(cell, text: str) -> bool:
    """Whether a spreadsheet cell holds the figure the report shows as ``text``: the same number
    (80 in the file, "80.0" on screen), the same words ("fewer than 3"), or empty for "—"."""
    if cell is None:
        return text == "—"
    if isinstance(cell, int | float):
        return float(text) == pytest.approx(cell)
    return str(cell) == text


def test_the_xlsx_export_has_the_figures_the_report_shows(live_server, browser_page, exporter, tmp_path):
    page = browser_page
    log_in(page, live_server.url, exporter.username, "/admin/login/")
    report = reverse("wagtail_social_kpi_reports:departments")
    page.goto(f"{live_server.url}{report}?start=2026-11-02&end=2026-11-29")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Participation by department")
    table = page.locator("table.listing")
    expect(table).to_contain_text("Everyone")
    headings = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    on_screen = [
        [text.strip() for text in row.locator("td, th").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    assert [row[0] for row in on_screen] == ["Everyone", "HR", "Sales", "Tech"]

    page.get_by_role("button", name="Actions").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download XLSX").click()
    path = tmp_path / "departments.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(path, read_only=True).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == headings
    assert len(rows) == len(on_screen)
    for row, texts in zip(rows, on_screen, strict=True):
        assert len(row) == len(texts)
        assert all(same_figure(cell, text) for cell, text in zip(row, texts, strict=True)), (row, texts)
    # By hand (tests/test_kpi_definitions.py): 12 people, 8 readers; HR has fewer than k.
    everyone = dict(zip(header, rows[0], strict=True))
    assert (everyone["Population"], everyone["Readers"]) == (12, 8)
    assert dict(zip(header, rows[1], strict=True))["Readers"] == "fewer than 3"


def test_a_comms_user_changes_range_grouping_and_comparison(live_server, browser_page, comms):
    page = browser_page
    log_in(page, live_server.url, comms.username, "/admin/login/")
    expect(page.get_by_role("link", name="Open the participation dashboard")).to_be_visible()  # home panel
    page.get_by_role("navigation").get_by_role("link", name="Participation", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Participation")

    # The range: the four weeks of November of the dataset.
    page.get_by_label("From:", exact=True).fill("2026-11-02")
    page.get_by_label("To:", exact=True).fill("2026-11-29")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.locator("#kpi-figure-readers")).to_contain_text(f"67{NBSP}% readers")
    expect(page.locator("#kpi-figure-active_contributors")).to_contain_text(f"33{NBSP}% active contributors")
    trend = page.get_by_role("img", name="Trend")
    expect(trend).to_be_visible()
    expect(
        page.get_by_role("table", name="Trend: people and share of the population in each period")
    ).to_contain_text(
        f"42{NBSP}% (5 people)"  # week 1: 5 readers of 12
    )
    expect(page.get_by_role("img", name="Participation pyramid")).to_be_visible()

    # The grouping: by month, one row for November.
    page.get_by_label("Group by:", exact=True).select_option("month")
    page.get_by_role("button", name="Show the figures").click()
    trend_table = page.get_by_role("table", name="Trend: people and share of the population in each period")
    expect(trend_table.locator("tbody tr")).to_have_count(1)
    expect(trend_table).to_contain_text(f"67{NBSP}% (8 people)")
    expect(page.get_by_label("From:", exact=True)).to_have_value("2026-11-02")  # the range is kept

    # The comparison: the pilot group against everyone else.
    page.get_by_label("Compare group:", exact=True).select_option("Pilot")
    page.get_by_role("button", name="Show the figures").click()
    comparison = page.locator("section", has=page.get_by_role("heading", name="Pilot against everyone else"))
    expect(comparison).to_contain_text(f"100{NBSP}% (4 people)")
    expect(comparison).to_contain_text(f"50{NBSP}% (4 people)")

    # A comparison too close to be shown says why, and the rest stays.
    page.get_by_label("with:", exact=True).select_option("Pilot and Anne")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.get_by_text("These two groups are not compared")).to_contain_text("fewer than 3 people")
    expect(page.locator("#kpi-figure-readers")).to_contain_text(f"67{NBSP}% readers")

    # A definition is one click away.
    page.get_by_role("link", name="What “Regular readers” means").click()
    expect(page.locator("#kpi-regular-readers")).to_be_in_viewport()
    page.screenshot(path="/tmp/kpi-dashboard.png", full_page=True)


def test_the_dashboard_xlsx_has_the_headline_figures_of_the_screen(
    live_server, browser_page, exporter, tmp_path
):
    page = browser_page
    log_in(page, live_server.url, exporter.username, "/admin/login/")
    dashboard = reverse("wagtail_social_kpi_admin:dashboard")
    page.goto(f"{live_server.url}{dashboard}?start=2026-11-02&end=2026-11-29&group_a=Pilot")
    expect(page.locator("#kpi-figure-readers")).to_contain_text(f"67{NBSP}% readers")
    on_screen = {
        key: page.locator(f"#kpi-figure-{key}").inner_text()
        for key in ("activation", "readers", "regular_readers", "active_contributors", "engaged")
    }

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download XLSX").click()
    path = tmp_path / "dashboard.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    header, *values = [list(row) for row in sheet.iter_rows(values_only=True)]
    rows = [dict(zip(header, row, strict=True)) for row in values]
    headline = {row["Figure key"]: row for row in rows if row["Section"] == "Headline figures"}
    assert headline["population"]["Count"] == 12
    for key, text in on_screen.items():
        row = headline[key]
        # "67 % readers", "8 people of 12 people", "Previous period: 33 % (4 people)".
        assert f"{round(row['Share of the population (%)'])}{NBSP}%" in text, (key, text)
        assert f"{row['Count']} people of 12 people" in text, (key, text)
        previous = row["Previous period"]
        if isinstance(previous, int):
            assert f"({previous} people)" in text or f"({previous} person)" in text, (key, text)
        else:  # withheld: the screen says so too
            assert f"Previous period: {previous} people" in text, (key, text)
    assert {row["Who"] for row in rows} >= {"Pilot", "everyone else"}


def test_the_year_on_year_report_shows_a_stored_month(live_server, browser_page, exporter):
    call_command("social_kpi_close_months", stdout=io.StringIO())  # September and October 2026
    page = browser_page
    log_in(page, live_server.url, exporter.username, "/admin/login/")
    page.goto(f"{live_server.url}{reverse('wagtail_social_kpi_admin:dashboard')}")
    page.locator("main").get_by_role("link", name="Participation year on year").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Participation year on year")
    table = page.locator("table.listing")
    october = table.locator("tbody tr", has_text="October 2026").filter(has_text="Readers")
    expect(october.first).to_contain_text("stored")
    expect(october.first).to_contain_text("33.3")  # 4 readers of 12
    expect(table).to_contain_text("fewer than 3")
    expect(table).to_contain_text("not recorded")
    # One department (the picker's value in the address): Sales, its population hidden.
    page.goto(f"{page.url}?department=Sales")
    sales = page.locator("table.listing tbody tr", has_text="October 2026").filter(has_text="People")
    expect(sales).to_contain_text("Sales")
    expect(sales).to_contain_text("hidden")
