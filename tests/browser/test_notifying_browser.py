"""Notifications as people use them: the @mention name completion by keyboard, and the follow
button (a plain form: it works the same with and without JavaScript)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_comments_browser import log_in
from tests.utils import add_page
from wagtail_social import following
from wagtail_social.targets import target_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_mention_completion_by_keyboard(live_server, browser_page, section, employee, colleague):
    article = add_page(section, "Plan de formation 2027")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + article.url)
    box = browser_page.get_by_label("Your comment")
    box.click()
    box.press_sequentially("Merci @bo")
    listbox = browser_page.get_by_role("listbox", name="People you may mention")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option", name="Bob Durand (@bob)")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    box.press("Enter")
    expect(box).to_have_value("Merci @bob ")
    expect(listbox).to_be_hidden()
    box.press_sequentially("et @bo")
    expect(listbox).to_be_visible()
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("Merci @bob et @bo")


def test_follow_button_shows_its_state(live_server, browser_page, section, colleague):
    article = add_page(section, "Plan de formation 2027")
    log_in(browser_page, live_server.url, colleague.username)
    browser_page.goto(live_server.url + article.url)
    browser_page.get_by_role("button", name="Follow this discussion").click()
    expect(browser_page.get_by_text("You follow this discussion")).to_be_visible()
    assert following.is_following(colleague, target_for(article))
    browser_page.get_by_role("button", name="Stop following this discussion").click()
    expect(browser_page.get_by_role("button", name="Follow this discussion")).to_be_visible()
    assert not following.is_following(colleague, target_for(article))
