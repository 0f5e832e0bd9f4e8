"""Polls as people use them: an editor writes a poll in the admin and places it in a page with
the poll block; an employee votes, sees the results the rule allows, and is refused a second
vote; the same works without JavaScript and with the keyboard alone."""

import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect
from wagtail.models import GroupPagePermission

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_comments_browser import log_in
from tests.test_polls_voting import make_poll, poll_page
from tests.testapp.models import PollPage
from tests.utils import add_page
from wagtail_social_polls.models import ChoiceTally, Poll, PollPlacement, Voter
from wagtail_social_polls.models.polls import RESULTS_AFTER_VOTE
from wagtail_social_polls.voting import cast_vote

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTION = "Where should the team lunch be?"


def new_context(chromium, **options):
    """A browser context of its own (cookies included), with the suite's timeout."""
    context = chromium.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def poll_editor(editor, editors, home):
    """An intranet editor who manages polls and may publish under the home page (Wagtail's
    Editors group may only submit pages for moderation)."""
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="wagtail_social_polls"))
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.create(group=editors, page=home, permission=publish)
    return editor


def test_editor_creates_a_poll_and_embeds_it_in_a_page(
    live_server, chromium, browser_page, home, poll_editor, employee
):
    page = add_page(home, "Pulse", model=PollPage)
    admin = browser_page
    log_in(admin, live_server.url, poll_editor.username, "/admin/login/")
    admin.get_by_role("link", name="Polls").click()
    admin.get_by_role("link", name="Add poll").first.click()
    admin.get_by_role("textbox", name="Question*").fill(QUESTION)
    choices = admin.get_by_role("textbox", name=re.compile(r"^Choice"))
    choices.nth(0).fill("Canteen")
    choices.nth(1).fill("Pizzeria")
    admin.get_by_role("button", name="Add Choice").click()
    choices.nth(2).fill("Picnic")
    admin.get_by_role("combobox", name="Results shown*").select_option(
        label="To each person once they have voted"
    )
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_text(f"Poll '{QUESTION}' created.")).to_be_visible()
    poll = Poll.objects.get()
    assert [c.text for c in poll.choices.order_by("sort_order")] == ["Canteen", "Pizzeria", "Picnic"]
    assert poll.results_visibility == RESULTS_AFTER_VOTE and not poll.secret

    admin.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    admin.get_by_role("button", name="Insert a block").click()
    admin.get_by_role("option", name="Poll").click()
    admin.get_by_role("button", name="Choose poll").click()
    modal = admin.get_by_role("dialog")
    modal.get_by_role("link", name=QUESTION).click()
    expect(modal).to_be_hidden()
    body = admin.locator("#panel-child-content-body-section")
    expect(body.get_by_text(QUESTION)).to_be_visible()
    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Publish").click()
    expect(admin.get_by_text("Page 'Pulse' has been published.")).to_be_visible()
    assert PollPlacement.objects.filter(poll=poll, page=page).exists()

    reader = new_context(chromium)
    tab = reader.new_page()
    log_in(tab, live_server.url, employee.username)
    tab.goto(live_server.url + page.url)
    shown = tab.get_by_role("region", name=QUESTION)
    expect(shown.get_by_role("radio")).to_have_count(3)
    expect(shown.get_by_role("group", name="Your answer")).to_be_visible()
    expect(shown.get_by_text("Results are shown once you have voted.")).to_be_visible()
    reader.close()


@pytest.fixture
def lunch_poll(db):
    """A named poll, one answer, results once you have voted, a vote that cannot be changed."""
    return make_poll(
        "Canteen", "Pizzeria", "Picnic", question=QUESTION, results_visibility=RESULTS_AFTER_VOTE
    )


@pytest.fixture
def lunch_page(home, lunch_poll):
    return poll_page(home, lunch_poll, title="Lunch")


def choice_id(poll, text) -> int:
    return poll.choices.get(text=text).pk


def tallies(poll) -> dict:
    counters = ChoiceTally.objects.filter(choice__poll=poll).select_related("choice")
    return {counter.choice.text: counter.votes for counter in counters}


def test_employee_votes_sees_results_and_is_refused_a_second_vote(
    live_server, browser_page, lunch_poll, lunch_page, employee, colleague
):
    assert cast_vote(colleague, lunch_poll, [choice_id(lunch_poll, "Pizzeria")]).accepted
    log_in(browser_page, live_server.url, employee.username)
    # A second tab opened before voting keeps the form: submitting it is the second vote.
    stale_tab = browser_page.context.new_page()
    stale_tab.goto(live_server.url + lunch_page.url)
    browser_page.goto(live_server.url + lunch_page.url)
    poll = browser_page.get_by_role("region", name=QUESTION)
    expect(poll.get_by_text("Results are shown once you have voted.")).to_be_visible()
    expect(poll.get_by_role("table")).to_have_count(0)

    poll.get_by_label("Canteen").check()
    poll.get_by_role("button", name="Vote").click()
    expect(poll.get_by_role("status")).to_have_text("Thank you: your vote is recorded.")
    results = poll.get_by_role("table", name="Results: 2 people voted")
    expect(results.get_by_role("row", name=re.compile("Canteen"))).to_contain_text("(your answer)")
    expect(results.get_by_role("row", name=re.compile("Canteen"))).to_contain_text("50 %")
    expect(results.get_by_role("row", name=re.compile("Pizzeria"))).to_contain_text("50 %")
    expect(results.get_by_role("row", name=re.compile("Picnic"))).to_contain_text("0 %")
    expect(poll.get_by_text("You have voted.", exact=True)).to_be_visible()
    expect(poll.get_by_role("button", name=re.compile("Vote|Change my vote"))).to_have_count(0)

    stale_poll = stale_tab.get_by_role("region", name=QUESTION)
    stale_poll.get_by_label("Picnic").check()
    stale_poll.get_by_role("button", name="Vote").click()
    expect(stale_poll.get_by_role("status")).to_have_text("You have already voted in this poll.")
    expect(stale_poll.get_by_role("button", name="Vote")).to_have_count(0)
    expect(stale_poll.get_by_role("table", name="Results: 2 people voted")).to_be_visible()
    assert Voter.objects.filter(poll=lunch_poll).count() == 2
    assert tallies(lunch_poll) == {"Canteen": 1, "Pizzeria": 1, "Picnic": 0}

    browser_page.reload()
    expect(poll.get_by_text("You have voted.", exact=True)).to_be_visible()
    expect(poll.get_by_role("group", name="Your answer")).to_have_count(0)


def test_vote_and_refusal_without_javascript(live_server, chromium, lunch_poll, lunch_page, employee):
    context = new_context(chromium, java_script_enabled=False)
    tab = context.new_page()
    log_in(tab, live_server.url, employee.username)
    stale_tab = context.new_page()
    stale_tab.goto(live_server.url + lunch_page.url)
    tab.goto(live_server.url + lunch_page.url)

    poll = tab.get_by_role("region", name=QUESTION)
    poll.get_by_label("Pizzeria").check()
    poll.get_by_role("button", name="Vote").click()
    expect(tab).to_have_url(re.compile(rf"{re.escape(lunch_page.url)}#poll-{lunch_poll.pk}$"))
    expect(poll.get_by_text("You have voted.", exact=True)).to_be_visible()
    results = poll.get_by_role("table", name="Results: 1 person voted")
    expect(results.get_by_role("row", name=re.compile("Pizzeria"))).to_contain_text("100 %")
    expect(poll.get_by_role("button", name="Vote")).to_have_count(0)

    stale_poll = stale_tab.get_by_role("region", name=QUESTION)
    stale_poll.get_by_label("Canteen").check()
    with stale_tab.expect_navigation() as refusal:
        stale_poll.get_by_role("button", name="Vote").click()
    assert refusal.value.status == 409
    expect(stale_tab.get_by_role("heading", level=1)).to_have_text("You have already voted in this poll.")
    stale_tab.get_by_role("link", name="Back to “Lunch”").click()
    expect(
        stale_tab.get_by_role("region", name=QUESTION).get_by_text("You have voted.", exact=True)
    ).to_be_visible()
    assert tallies(lunch_poll) == {"Canteen": 0, "Pizzeria": 1, "Picnic": 0}
    context.close()


def test_keyboard_only_vote_with_the_outcome_announced(live_server, browser_page, home, employee):
    workshops = make_poll(
        "Facilitation",
        "Public speaking",
        "Spreadsheets",
        question="Which two workshops interest you?",
        multiple=True,
        min_choices=2,
        max_choices=2,
        results_visibility=RESULTS_AFTER_VOTE,
    )
    page = poll_page(home, workshops, title="Workshops")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + page.url)
    poll = browser_page.get_by_role("region", name="Which two workshops interest you?")
    expect(poll.get_by_text("Choose 2 answers.")).to_be_visible()

    tab_to(browser_page, poll.get_by_role("checkbox", name="Facilitation"))
    browser_page.keyboard.press("Space")
    tab_to(browser_page, poll.get_by_role("button", name="Vote"))
    browser_page.keyboard.press("Enter")
    # Too few answers: said in the live region, and the keyboard is taken back to the choices.
    expect(poll.get_by_role("status")).to_have_text("Choose at least 2 answers.")
    expect(poll.get_by_role("checkbox", name="Facilitation")).to_be_focused()
    expect(poll.get_by_role("checkbox", name="Facilitation")).to_be_checked()
    assert not Voter.objects.exists()

    tab_to(browser_page, poll.get_by_role("checkbox", name="Spreadsheets"))
    browser_page.keyboard.press("Space")
    tab_to(browser_page, poll.get_by_role("button", name="Vote"))
    browser_page.keyboard.press("Enter")
    expect(poll.get_by_role("status")).to_have_text("Thank you: your vote is recorded.")
    results = poll.get_by_role("table", name=re.compile("Results: 1 person voted"))
    expect(results.get_by_role("row", name=re.compile("Spreadsheets"))).to_contain_text("100 %")
    # The keyboard stays in the poll (the voted form is gone): the next Tab leaves from there.
    expect(poll).to_be_focused()
    assert tallies(workshops) == {"Facilitation": 1, "Public speaking": 0, "Spreadsheets": 1}


def tab_to(page, target, presses=20):
    """Press Tab until ``target`` has the focus (as a keyboard user would)."""
    for _ in range(presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


CONTRAST_RATIO = """element => {
    // WCAG contrast of the element's text against the first opaque background behind it.
    const rgb = value => value.match(/[\\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
        const linear = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    let node = element, background = [255, 255, 255];
    while (node && node.nodeType === 1) {
        const colour = rgb(getComputedStyle(node).backgroundColor);
        if (colour.length < 4 || colour[3] > 0) { background = colour.slice(0, 3); break; }
        node = node.parentElement;
    }
    const [light, dark] = [luminance(rgb(getComputedStyle(element).color)), luminance(background)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
}"""


def test_vote_button_is_readable_next_to_the_core_stylesheet(live_server, browser_page, lunch_page, employee):
    """Host pages show polls next to comments and reactions, so with the core's stylesheet too."""
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + lunch_page.url)
    # Resolves once the stylesheet is loaded and applied.
    browser_page.add_style_tag(url=f"{live_server.url}/static/wagtail_social/css/wagtail_social.css")
    vote = browser_page.get_by_role("region", name=QUESTION).get_by_role("button", name="Vote")
    assert vote.evaluate(CONTRAST_RATIO) >= 4.5
