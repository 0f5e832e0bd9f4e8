"""Employees' contributions in the browser: an employee submits an idea and a question on a page,
seeing similar ones under the title while typing; a colleague supports the idea in place; a
submission with the keyboard only (Tab and Enter)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_comments_browser import log_in
from tests.contributions_helpers import make_contribution, switch_on
from tests.utils import add_page
from wagtail_social.contributions.models import QUESTION, Contribution

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def canteen(section, colleague):
    switch_on(section)
    page = add_page(section, "Cantine")
    make_contribution(page, colleague, title="Covoiturage entre collègues")
    make_contribution(page, colleague, QUESTION, title="Navette le samedi ?")
    return page


def test_an_employee_submits_an_idea_and_a_question_and_a_colleague_supports_it(
    live_server, browser_page, chromium, canteen, employee, colleague
):
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + canteen.url)
    idea_form = browser_page.locator("#idea-contribution-form")
    idea_form.get_by_label("Title").press_sequentially("Covoit", delay=30)
    similar = idea_form.locator("[data-social-similar]")
    expect(similar.get_by_role("link", name="Covoiturage entre collègues")).to_be_visible()
    idea_form.get_by_label("Title").fill("Covoiturage vers le site de Lyon")
    idea_form.get_by_label("Text").fill("Partager les trajets du lundi.")
    idea_form.get_by_role("button", name="Submit the idea").click()
    status = browser_page.locator("#social-contributions [data-social-status]")
    expect(status).to_have_text("Thank you: it is published.")
    idea = Contribution.objects.get(title="Covoiturage vers le site de Lyon")
    expect(browser_page.locator(f"#contribution-{idea.pk}")).to_be_focused()

    question_form = browser_page.locator("#question-contribution-form")
    question_form.get_by_label("Title").press_sequentially("navette", delay=30)
    expect(question_form.get_by_role("link", name="Navette le samedi ?")).to_be_visible()
    question_form.get_by_label("Title").fill("Une navette le dimanche ?")
    question_form.get_by_label("Text").fill("Pour les équipes du week-end.")
    question_form.get_by_role("button", name="Ask").click()
    expect(
        browser_page.locator(".social-contribution__title", has_text="Une navette le dimanche ?")
    ).to_be_visible()
    assert Contribution.objects.filter(
        kind=QUESTION, author=employee, title="Une navette le dimanche ?"
    ).exists()

    context = chromium.new_context()
    other = context.new_page()
    log_in(other, live_server.url, colleague.username)
    other.goto(live_server.url + canteen.url)
    card = other.locator(f"#contribution-{idea.pk}")
    support = card.get_by_role("button", name="Support")
    expect(support).to_have_attribute("aria-pressed", "false")
    support.click()
    remove = card.get_by_role("button", name="Remove my support")
    expect(remove).to_have_attribute("aria-pressed", "true")
    expect(card.locator(".social-contribution__count")).to_have_text("1 support")
    expect(other.locator("#social-contributions [data-social-status]")).not_to_be_empty()
    context.close()
    idea.refresh_from_db()
    assert idea.support_count == 1


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _n in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus with Tab")


@pytest.mark.parametrize("javascript", [True, False])
def test_keyboard_only_submission(live_server, chromium, canteen, employee, javascript):
    context = chromium.new_context(java_script_enabled=javascript)
    tab = context.new_page()
    log_in(tab, live_server.url, employee.username)
    tab.goto(live_server.url + canteen.url)
    tab_to(tab, "[name=question-title]")
    tab.keyboard.type("Horaires de la cantine en été")
    tab_to(tab, "[name=question-text]")
    tab.keyboard.type("Ouvre-t-elle en août ?")
    tab_to(tab, "#question-contribution-form button[type=submit]")
    tab.keyboard.press("Enter")
    expect(
        tab.locator(".social-contribution__title", has_text="Horaires de la cantine en été")
    ).to_be_visible()
    question = Contribution.objects.get(title="Horaires de la cantine en été")
    assert question.author == employee and question.kind == QUESTION
    if not javascript:
        assert re.search(rf"#contribution-{question.pk}$", tab.url)
    context.close()
