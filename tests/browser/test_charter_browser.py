"""The usage charter asked for before a first comment: in a dialog with JavaScript (labelled,
focus kept inside, Escape closes it, the comment sent once accepted), on its own page without
(the comment kept server-side and posted once accepted)."""

import re

import pytest
from django_comments_xtd.models import XtdComment
from playwright.sync_api import expect

from tests.browser.test_comments_browser import log_in
from tests.utils import add_page
from wagtail_social import charter
from wagtail_social.models import CharterAcceptance

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_charter_dialog_then_the_comment(live_server, browser_page, section, employee):
    charter.publish_version("<p>Respect your colleagues.</p>")
    article = add_page(section, "Avec charte")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + article.url)
    browser_page.get_by_label("Your comment").fill("Première participation")
    browser_page.get_by_role("button", name="Post comment").click()

    dialog = browser_page.get_by_role("dialog", name="Usage charter (version 1)")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Respect your colleagues.")
    expect(dialog.get_by_role("heading")).to_be_focused()
    for _ in range(6):  # the keyboard stays in the dialog
        browser_page.keyboard.press("Tab")
        assert browser_page.evaluate("document.activeElement.closest('dialog') !== null")
    browser_page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(browser_page.locator("[data-social-status]")).to_have_text(
        "Accept the usage charter to take part."
    )
    assert not XtdComment.objects.exists()

    browser_page.get_by_role("button", name="Post comment").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="I accept the charter").focus()
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator("[data-social-status]")).to_have_text("Your comment is published.")
    expect(dialog).to_have_count(0)
    assert XtdComment.objects.get().comment == "Première participation"
    assert CharterAcceptance.objects.filter(user=employee, version__number=1).exists()


def test_the_charter_page_then_the_comment_without_javascript(live_server, chromium, section, employee):
    charter.publish_version("<p>Respect your colleagues.</p>")
    article = add_page(section, "Charte sans script")
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, employee.username)
    page.goto(live_server.url + article.url)
    page.get_by_label("Your comment").fill("Posté après la charte")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Usage charter")
    expect(page.locator("main")).to_contain_text("is kept")
    assert not XtdComment.objects.exists()
    page.get_by_role("button", name="I accept the charter").click()
    expect(page.locator(".social-comment__body")).to_have_text("Posté après la charte")
    assert re.search(r"#comment-\d+$", page.url)
    context.close()
