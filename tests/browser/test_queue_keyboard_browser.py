"""Keyboard-only moderation of one item from the community queue: Tab to the item, open it,
type the reason, remove it; the page then shows the reason where the comment stood."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_comments_browser import log_in
from tests.utils import add_page, make_comment, make_user, set_policy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tab_to(page, locator, limit=300):
    """Press Tab until ``locator`` has the focus (fails after ``limit`` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} never got the focus")


def test_a_moderator_removes_an_item_with_the_keyboard_only(
    live_server, browser_page, home, moderators, employee
):
    section = add_page(home, "Vie interne")
    set_policy(section, comments_enabled=True)
    article = add_page(section, "Cantine")
    make_comment(article, employee, "Texte hors charte", is_public=False)
    moderator = make_user("maud", moderators)

    page = browser_page
    log_in(page, live_server.url, moderator.username, "/admin/login/")
    page.goto(f"{live_server.url}/admin/social/queue/")
    item = page.get_by_role("link", name="Texte hors charte")
    tab_to(page, item)
    page.keyboard.press("Enter")
    reason = page.get_by_role("textbox", name="Reason for removal")
    tab_to(page, reason)
    page.keyboard.type("Contraire à la charte")
    remove = page.get_by_role("button", name="Remove with this reason")
    tab_to(page, remove)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Comment removed")).to_be_visible()
    page.goto(f"{live_server.url}{article.url}")
    expect(page.get_by_text("Contraire à la charte")).to_be_visible()
