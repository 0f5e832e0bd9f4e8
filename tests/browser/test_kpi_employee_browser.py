"""An employee follows "What is measured?" from a page's participation block, reads what is
recorded about them, and opts in to the "most active contributors" list with the keyboard."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_comments_browser import log_in
from tests.utils import add_page
from wagtail_social_kpi.models import ContributorListConsent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_employee_opens_the_page_and_opts_in(live_server, browser_page, section, employee):
    article = add_page(section, "Plan de formation")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + article.url)
    browser_page.get_by_role("link", name="What is measured?").click()
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("What is measured about you")
    for name in ("What is recorded", "Why", "For how long", "Who sees which figure", "Your participation"):
        expect(browser_page.get_by_role("heading", level=2, name=name)).to_be_visible()
    expect(browser_page.get_by_role("table", name="Your records in the last 4 weeks")).to_be_visible()
    expect(browser_page.get_by_text("You do not appear in the list.")).to_be_visible()

    button = browser_page.get_by_role("button", name="Appear in the list")
    for _ in range(40):
        browser_page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    expect(button).to_be_focused()
    browser_page.keyboard.press("Enter")

    expect(browser_page.get_by_role("status")).to_contain_text("You now appear")
    expect(browser_page.get_by_role("button", name="Leave the list")).to_be_visible()
    assert ContributorListConsent.objects.filter(user=employee).exists()
