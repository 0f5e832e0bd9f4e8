"""Features' switches as editors use them: in the site defaults screen and in the page editor's
participation panel, each switch is one field that saves what the editor chose."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from tests.browser.test_comments_browser import log_in
from tests.testapp.models import SocialPage
from tests.utils import add_page, make_user
from wagtail_social.models import ParticipationPolicy, SocialSettings

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_administrator_switches_polls_off_in_the_site_defaults(live_server, browser_page, home):
    admin = make_user("chief", is_superuser=True, is_staff=True)
    site = Site.objects.get(is_default_site=True)
    log_in(browser_page, live_server.url, admin.username, "/admin/login/")
    browser_page.goto(f"{live_server.url}/admin/settings/wagtail_social/socialsettings/{site.pk}/")
    polls = browser_page.get_by_label("Polls", exact=True)
    expect(polls).to_have_count(1)
    expect(polls).to_be_checked()  # the polls feature's own default
    polls.uncheck()
    browser_page.get_by_label("Kudos", exact=True).check()
    browser_page.get_by_role("button", name="Save").click()
    expect(browser_page.get_by_text("updated")).to_be_visible()
    switches = SocialSettings.for_site(site).switches
    assert switches["polls"] is False and switches["kudos"] is True


def test_an_editor_switches_a_feature_in_the_page_panel(live_server, browser_page, home, editor):
    page = add_page(home, "Owned", model=SocialPage)
    log_in(browser_page, live_server.url, editor.username, "/admin/login/")
    browser_page.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    browser_page.get_by_role("tab", name="Settings").click()
    kudos = browser_page.locator("select[name=social_kudos_enabled]")
    expect(kudos).to_have_count(1)
    kudos.select_option("true")
    browser_page.get_by_role("button", name="Save draft").click()
    browser_page.wait_for_load_state("networkidle")
    policy = ParticipationPolicy.objects.filter(page=page).first()
    assert policy is not None and policy.switch("kudos") is True
    browser_page.get_by_role("tab", name="Settings").click()
    expect(browser_page.locator("select[name=social_kudos_enabled]")).to_have_value("true")
