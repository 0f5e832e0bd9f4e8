"""An employee reacts to a page and to a comment, sees the counts change in place, takes a
reaction back; without JavaScript the same buttons work as a form."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_comments_browser import log_in
from tests.utils import add_page, make_comment, set_policy
from wagtail_social.models import Reaction

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_employee_reacts_to_page_and_comment(live_server, browser_page, section, employee, colleague):
    set_policy(section, comments_enabled=True, reactions_enabled=True)
    page = add_page(section, "Nouvelle cantine")
    comment = make_comment(page, colleague, "Enfin des plats végétariens")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + page.url)

    page_bar = browser_page.locator("#social-reactions")
    like = page_bar.get_by_role("button", name=re.compile("Like"))
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator(".social-reaction__count")).to_have_text("1")
    assert Reaction.objects.filter(user=employee, page=page, target_type=None, kind="like").exists()

    bravo = browser_page.locator(f"#comment-{comment.pk}").get_by_role("button", name=re.compile("Bravo"))
    bravo.click()
    expect(bravo.locator(".social-reaction__count")).to_have_text("1")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(like.locator(".social-reaction__count")).to_have_count(0)
    expect(like).to_have_class(re.compile("social-reaction--quiet"))
    assert list(Reaction.objects.values_list("target_id", "kind")) == [(comment.pk, "bravo")]


def test_reactions_work_without_javascript(live_server, chromium, section, employee):
    set_policy(section, reactions_enabled=True)
    page = add_page(section, "Sans script")
    context = chromium.new_context(java_script_enabled=False)
    tab = context.new_page()
    log_in(tab, live_server.url, employee.username)
    tab.goto(live_server.url + page.url)
    tab.locator("#social-reactions").get_by_role("button", name=re.compile("Useful")).click()
    useful = tab.locator("#social-reactions").get_by_role("button", name=re.compile("Useful"))
    expect(useful).to_have_attribute("aria-pressed", "true")
    assert tab.url.endswith("#social-reactions")
    context.close()


def test_helpful_vote(live_server, browser_page, section, employee):
    set_policy(section, helpful_enabled=True)
    page = add_page(section, "Note de frais")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + page.url)
    question = browser_page.get_by_role("group", name="Was this page helpful?")
    question.get_by_label("Tell us more (optional)").fill("Il manque le barème kilométrique.")
    question.get_by_role("button", name="No").click()
    expect(browser_page.get_by_text("You answered: no. You may change your answer.")).to_be_visible()
    browser_page.get_by_role("group", name="Was this page helpful?").get_by_role("button", name="Yes").click()
    expect(browser_page.get_by_text("You answered: yes. You may change your answer.")).to_be_visible()
    from wagtail_social.models import HelpfulVote

    assert HelpfulVote.objects.get(page=page, user=employee).helpful is True
