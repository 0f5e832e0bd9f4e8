"""Accessibility of our markup on pages like the demo's (issue 11): axe-core (vendored in
``tests/browser/vendor``) finds no serious or critical violation in a discussion, a poll and
the ideas of a page; and what a new user hit with the keyboard and on a phone: Escape closes
the reply box, "Cancel" is a button, a failed second post shows no "published" banner, poll
result bars stay visible at 390 px."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_comments_browser import log_in
from tests.contributions_helpers import make_contribution, switch_on
from tests.test_polls_voting import make_poll, poll_page
from tests.utils import add_page, make_comment, set_policy
from wagtail_social.contributions.models import QUESTION
from wagtail_social.models import Reaction
from wagtail_social_polls.models.polls import RESULTS_ALWAYS
from wagtail_social_polls.voting import cast_vote

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# Our blocks on a page; the test app's page around them is not ours to judge.
OUR_BLOCKS = ("[data-social-discussion]", ".social-poll", "[data-social-contributions]", "main .social")
SEVERE = ("serious", "critical")
# Beyond axe's defaults: the rules behind what a new user hit (WCAG 2.5.3 label in name,
# WCAG 2.2 target size).
RULES = {"label-content-name-mismatch": {"enabled": True}, "target-size": {"enabled": True}}


def axe_violations(page) -> list[str]:
    """Serious and critical violations in our blocks of ``page``, one line per element."""
    page.add_script_tag(path=str(AXE))
    include = [[selector] for selector in OUR_BLOCKS if page.locator(selector).count()]
    assert include, "none of our blocks is on the page"
    results = page.evaluate(
        "([include, rules]) => axe.run({include: include}, {rules: rules, resultTypes: ['violations']})",
        [include, RULES],
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['html'][:120]}"
        for violation in results["violations"]
        if violation["impact"] in SEVERE
        for node in violation["nodes"]
    ]


@pytest.fixture
def discussion_page(section, employee, colleague):
    set_policy(section, comments_enabled=True, reactions_enabled=True, helpful_enabled=True)
    page = add_page(section, "Nouvelle cantine")
    first = make_comment(page, colleague, "Enfin des plats végétariens")
    make_comment(page, employee, "Et le mardi ?", parent=first)
    make_comment(page, colleague, "Les horaires changent aussi")
    Reaction.objects.create(user=colleague, page=page, kind="bravo")
    Reaction.objects.create(user=colleague, page=page, target=first, kind="useful")
    return page


def test_no_serious_violation_on_a_discussion(live_server, browser_page, discussion_page, employee):
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + discussion_page.url)
    assert axe_violations(browser_page) == []
    first = browser_page.locator(".social-comment").first
    first.get_by_role("link", name=re.compile("^Reply to")).click()
    assert axe_violations(browser_page) == []  # with a reply box open


def test_no_serious_violation_on_a_poll(live_server, browser_page, section, employee, colleague):
    poll = make_poll("Cantine", "Pizzeria", "Pique-nique", results_visibility=RESULTS_ALWAYS)
    page = poll_page(section, poll)
    cast_vote(colleague, poll, [poll.choices.first().pk])
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + page.url)
    assert axe_violations(browser_page) == []


def test_no_serious_violation_on_ideas(live_server, browser_page, section, employee, colleague):
    switch_on(section)
    page = add_page(section, "Boîte à idées")
    idea = make_contribution(page, colleague, title="Covoiturage entre collègues")
    make_contribution(page, colleague, QUESTION, title="Navette le samedi ?")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + page.url)
    assert axe_violations(browser_page) == []
    browser_page.goto(live_server.url + idea.get_absolute_url())
    assert axe_violations(browser_page) == []


def test_escape_closes_the_reply_box_and_cancel_is_a_button(
    live_server, browser_page, discussion_page, employee
):
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + discussion_page.url)
    first = browser_page.locator(".social-comment").first
    first.get_by_role("link", name=re.compile("^Reply to")).click()
    box = first.locator(".social-comment__reply textarea")
    expect(box).to_be_focused()
    box.press("Escape")
    expect(first.locator(".social-comment__reply")).to_have_count(0)
    expect(first).to_be_focused()
    first.get_by_role("link", name=re.compile("^Reply to")).click()
    first.locator(".social-comment__reply").get_by_role("button", name="Cancel").click()
    expect(first.locator(".social-comment__reply")).to_have_count(0)
    # Without the script's reply box (the page opened with ?reply_to=), Cancel is a button too.
    browser_page.goto(f"{live_server.url}{discussion_page.url}?reply_to={first.get_attribute('id')[8:]}")
    reply = browser_page.locator(".social-comment__reply")
    expect(reply.get_by_role("button", name="Cancel")).to_be_visible()
    reply.locator("textarea").press("Escape")
    expect(browser_page.locator(".social-comment__reply")).to_have_count(0)


def test_a_failed_second_post_shows_no_success_banner(live_server, browser_page, discussion_page, employee):
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + discussion_page.url)
    browser_page.get_by_label("Your comment").fill("Premier message")
    browser_page.get_by_role("button", name="Post comment").click()
    status = browser_page.locator("[data-social-status]")
    expect(status).to_have_text("Your comment is published.")
    browser_page.get_by_role("button", name="Post comment").click()  # empty: refused
    expect(browser_page.locator("#social-form-comment-error, .social-form__error").first).to_be_visible()
    expect(status).to_have_text("")
    expect(status).to_be_hidden()


def test_poll_result_bars_are_visible_on_a_phone(live_server, chromium, section, employee, colleague):
    poll = make_poll(
        "La cantine du rez-de-chaussée, avec sa nouvelle formule végétarienne du mardi",
        "La pizzeria de la place, qui livre désormais jusqu'au troisième étage",
        results_visibility=RESULTS_ALWAYS,
    )
    page = poll_page(section, poll)
    cast_vote(colleague, poll, [poll.choices.first().pk])
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    phone = context.new_page()
    log_in(phone, live_server.url, employee.username)
    phone.goto(live_server.url + page.url)
    bars = phone.locator(".social-poll__bar")
    expect(bars.first).to_be_attached()
    for index in range(bars.count()):
        box = bars.nth(index).bounding_box()
        assert box is not None and box["width"] >= 48, box
    fill = phone.locator(".social-poll__bar-fill").first.bounding_box()
    assert fill["width"] >= 40  # 100 % of one vote
    context.close()
