"""The participation dashboard as a comms user uses it: open it from the menu, change the range,
the grouping and the comparison with the pickers (a plain GET form), and read the new figures."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from playwright.sync_api import expect

from tests import kpi_dataset
from tests.browser.test_comments_browser import log_in
from tests.kpi_dataset import KPI_SETTINGS
from tests.utils import make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NBSP = "\u00a0"


@pytest.fixture
def comms(home):
    with override_settings(**KPI_SETTINGS):
        kpi_dataset.build(home)
        group = Group.objects.create(name="Comms")
        group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_participation"]))
        yield make_user("comms", group)


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
