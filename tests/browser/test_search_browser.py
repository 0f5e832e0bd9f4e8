"""The search page as employees use it: typed without accents in the header's box, a
colleague's comment is found with its page; nothing of a private community for a non-member,
whose members find it."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_comments_browser import log_in
from tests.search.library import rebuild
from tests.utils import add_page, make_comment, restrict_to_groups, set_policy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def indexed(settings, tmp_path, home, members, member, colleague):
    settings.WAGTAIL_SOCIAL_SEARCH_INDEX_DIR = str(tmp_path / "index")
    settings.WAGTAIL_SOCIAL_BASE_TEMPLATE = "tests/site_base.html"  # the host's layout, with its search box
    section = add_page(home, "Vie pratique")
    set_policy(section, comments_enabled=True)
    article = add_page(section, "Organisation du comité")
    make_comment(article, colleague, "Compte rendu de la réunion du comité de mardi")
    community = add_page(home, "Communauté Data")
    set_policy(community, comments_enabled=True)
    restrict_to_groups(community, members)
    make_comment(add_page(community, "Feuille de route"), member, "Réunion du projet confidentiel Zephyr")
    rebuild()
    return article


def search_from_header(page, base_url, words):
    page.goto(base_url + "/search/")
    box = page.get_by_role("search", name="Site").get_by_label("Search the site")
    box.fill(words)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")


def test_an_employee_finds_a_colleague_s_comment_without_accents(
    live_server, browser_page, indexed, employee
):
    log_in(browser_page, live_server.url, employee.username)
    search_from_header(browser_page, live_server.url, "reunion")
    expect(browser_page.get_by_role("status")).to_have_text("1 result.")
    hit = browser_page.get_by_role("listitem").filter(has_text="Comment by Bob Durand")
    expect(hit.get_by_role("heading", name="Comment by Bob Durand")).to_be_visible()
    expect(hit.locator("mark")).to_have_text("réunion")
    expect(hit.get_by_role("link", name="Organisation du comité")).to_have_attribute("href", indexed.url)
    content = browser_page.content()
    assert "Zephyr" not in content and "Communauté Data" not in content and "Feuille de route" not in content
    # the kind facet is a form: filter to comments, the query kept
    browser_page.get_by_role("checkbox", name="Comments (1)").check()
    browser_page.get_by_role("button", name="Filter the results").click()
    expect(browser_page).to_have_url(f"{live_server.url}/search/?q=reunion&kind=comment&section=")
    expect(browser_page.get_by_role("status")).to_have_text("1 result.")


def test_a_member_finds_the_community_s_comment_too(live_server, browser_page, indexed, member):
    log_in(browser_page, live_server.url, member.username)
    search_from_header(browser_page, live_server.url, "reunion")
    expect(browser_page.get_by_role("status")).to_have_text("2 results.")
    expect(browser_page.get_by_text("Réunion du projet confidentiel Zephyr", exact=False)).to_be_visible()
    expect(browser_page.get_by_role("radio", name="Communauté Data (1)")).to_be_visible()
