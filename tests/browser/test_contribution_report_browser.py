"""Reporting a contribution (an idea) with a reason, by keyboard only, and withdrawing the
report: the same disclosure as a comment's report, on the contribution's own page; fixtures as
``test_report_browser.py``."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_comments_browser import log_in
from tests.browser.test_report_browser import press_until_focused
from tests.contributions_helpers import make_contribution, switch_on
from tests.utils import add_page
from wagtail_social.contributions.models import ContributionReport

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_reporting_a_contribution_with_a_reason_by_keyboard_only(
    live_server, browser_page, section, employee, colleague
):
    article = add_page(section, "Boîte à idées")
    switch_on(article)
    idea = make_contribution(article, colleague, title="Parking réservé", text="Mon numéro : 06 12 34 56 78")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + idea.get_absolute_url())
    item = browser_page.locator(".social-contribution__report")
    report = item.locator("summary", has_text="Report")
    expect(report).to_have_attribute(
        "aria-label", f"Report the contribution by {colleague.get_full_name()} to moderators"
    )
    browser_page.locator("body").focus()
    press_until_focused(browser_page, report)
    browser_page.keyboard.press("Enter")
    # Opening moves the focus to the first reason (the discussion's script); arrows choose.
    expect(item.get_by_role("radio", name="Off topic")).to_be_focused()
    browser_page.keyboard.press("ArrowDown")
    browser_page.keyboard.press("ArrowDown")
    expect(item.get_by_role("radio", name="Personal data")).to_be_checked()
    # Escape closes it and gives the focus back to "Report", as for a comment.
    browser_page.keyboard.press("Escape")
    expect(report).to_be_focused()
    expect(item.get_by_role("group", name="Why report this contribution?")).to_be_hidden()
    browser_page.keyboard.press("Enter")
    expect(item.get_by_role("radio", name="Personal data")).to_be_focused()
    browser_page.keyboard.press("Tab")
    expect(item.get_by_label("Details (optional)")).to_be_focused()
    browser_page.keyboard.type("Un numéro de téléphone")
    browser_page.keyboard.press("Tab")
    expect(item.get_by_role("button", name="Send the report")).to_be_focused()
    browser_page.keyboard.press("Enter")
    # A plain form post: back on the contribution, reported, with the way to withdraw.
    withdraw = browser_page.get_by_role(
        "button", name=f"Withdraw my report on the contribution by {colleague.get_full_name()}"
    )
    expect(withdraw).to_be_visible()
    expect(browser_page.locator(".social-contribution__report")).to_contain_text("Reported")
    row = ContributionReport.objects.get(contribution=idea, user=employee)
    assert (row.reason, row.text) == ("personal_data", "Un numéro de téléphone")
    browser_page.locator("body").focus()
    press_until_focused(browser_page, withdraw)
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator(".social-contribution__report summary")).to_have_text("Report")
    assert not ContributionReport.objects.exists()
