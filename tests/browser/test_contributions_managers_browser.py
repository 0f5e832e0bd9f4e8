"""A community manager works from the admin: answers a question and moves an idea to
"accepted"; the author sees both on the contributions' pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_comments_browser import log_in
from tests.contributions_helpers import make_contribution, managers_group, switch_on
from tests.utils import add_page, make_user
from wagtail_social.contributions.models import QUESTION

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_manager_answers_and_accepts_from_the_admin_and_the_author_sees_both(
    live_server, browser_page, chromium, home, employee
):
    section = add_page(home, "Boîte à idées")
    switch_on(section)
    page = add_page(section, "Vie au bureau")
    question = make_contribution(page, employee, QUESTION, title="Quand ouvre la cantine ?")
    idea = make_contribution(page, employee, title="Un parking à vélos")
    manager = make_user("manon", managers_group(), first_name="Manon", last_name="Gérante")

    admin = browser_page
    log_in(admin, live_server.url, manager.username, "/admin/login/")
    admin.get_by_role("link", name="Contributions").first.click()
    admin.get_by_role("link", name="Quand ouvre la cantine ?").click()
    admin.get_by_role("textbox", name=re.compile("^Official answer")).fill("Lundi 3 mars, à 11 h 30.")
    admin.get_by_role("button", name="Publish the answer").click()
    expect(admin.get_by_text("Answer published.")).to_be_visible()
    admin.goto(f"{live_server.url}/admin/social/contributions/")
    admin.get_by_role("link", name="Un parking à vélos").click()
    admin.get_by_role("combobox", name=re.compile("^New status")).select_option(label="Accepted")
    admin.get_by_role("button", name="Change the status").click()
    expect(admin.get_by_text("Status changed")).to_be_visible()

    author = chromium.new_context(locale="en-GB")
    author.set_default_timeout(TIMEOUT_MS)
    reader = author.new_page()
    log_in(reader, live_server.url, employee.username)
    reader.goto(f"{live_server.url}/contributions/{question.pk}/")
    answer = reader.get_by_role("region", name="Official answer")
    expect(answer).to_contain_text("Lundi 3 mars, à 11 h 30.")
    expect(answer).to_contain_text("Manon Gérante")
    expect(reader.locator(".social-contribution__state")).to_have_text("Answered")
    reader.goto(f"{live_server.url}/contributions/{idea.pk}/")
    expect(reader.locator(".social-contribution__state")).to_have_text("Accepted")
    expect(reader.get_by_role("region", name="Status history")).to_contain_text("Accepted")
    author.close()
