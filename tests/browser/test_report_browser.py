"""Reporting a comment with a reason, by keyboard only, and withdrawing the report; and the same
without JavaScript (the disclosure is HTML's own ``<details>``)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_comments_browser import log_in
from tests.utils import add_page, make_comment
from wagtail_social.models import CommentReport

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def press_until_focused(page, locator, key="Tab", limit=80):
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"never reached {locator} with {key}")


def test_reporting_with_a_reason_by_keyboard_only(live_server, browser_page, section, employee, colleague):
    article = add_page(section, "Plan de formation 2027")
    comment = make_comment(article, colleague, "Mon numéro perso : 06 12 34 56 78")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + article.url)
    item = browser_page.locator(f"#comment-{comment.pk}")
    # A <summary>: browsers expose it as a disclosure button named by its label.
    report = item.locator("summary", has_text="Report")
    expect(report).to_have_attribute(
        "aria-label", f"Report the comment by {colleague.get_full_name()} to moderators"
    )
    browser_page.locator("body").focus()
    press_until_focused(browser_page, report)
    browser_page.keyboard.press("Enter")
    # Opening moves the focus to the first reason; arrows choose among them.
    expect(item.get_by_role("radio", name="Off topic")).to_be_focused()
    browser_page.keyboard.press("ArrowDown")
    browser_page.keyboard.press("ArrowDown")
    expect(item.get_by_role("radio", name="Personal data")).to_be_checked()
    # Escape closes the form and gives the focus back to "Report".
    browser_page.keyboard.press("Escape")
    expect(report).to_be_focused()
    expect(item.get_by_role("group", name="Why report this comment?")).to_be_hidden()
    # Opened again: the focus is on the reason chosen.
    browser_page.keyboard.press("Enter")
    expect(item.get_by_role("radio", name="Personal data")).to_be_focused()
    browser_page.keyboard.press("Tab")
    expect(item.get_by_label("Details (optional)")).to_be_focused()
    browser_page.keyboard.type("Un numéro de téléphone")
    browser_page.keyboard.press("Tab")
    expect(item.get_by_role("button", name="Send the report")).to_be_focused()
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator("[data-social-status]")).to_have_text(
        "Thank you: moderators will look at this comment."
    )
    expect(browser_page.locator(f"#comment-{comment.pk}")).to_be_focused()
    report_row = CommentReport.objects.get(flag__comment=comment, flag__user=employee)
    assert (report_row.reason, report_row.text) == ("personal_data", "Un numéro de téléphone")

    withdraw = browser_page.locator(f"#comment-{comment.pk}").get_by_role(
        "button", name=f"Withdraw my report on the comment by {colleague.get_full_name()}"
    )
    press_until_focused(browser_page, withdraw)
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator("[data-social-status]")).to_have_text("Your report is withdrawn.")
    assert not CommentReport.objects.exists()


def test_reporting_with_a_reason_without_javascript(live_server, chromium, section, employee, colleague):
    article = add_page(section, "Sans JavaScript")
    comment = make_comment(article, colleague, "Hors sujet")
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, employee.username)
    page.goto(live_server.url + article.url)
    item = page.locator(f"#comment-{comment.pk}")
    item.locator("summary", has_text="Report").click()
    item.get_by_role("radio", name="Off topic").check()
    item.get_by_role("button", name="Send the report").click()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Reported")
    assert CommentReport.objects.get(flag__comment=comment).reason == "off_topic"
    page.locator(f"#comment-{comment.pk}").get_by_role(
        "button", name="Withdraw my report", exact=False
    ).click()
    expect(page.locator(f"#comment-{comment.pk}")).not_to_contain_text("Reported")
    assert not CommentReport.objects.exists()
    context.close()
