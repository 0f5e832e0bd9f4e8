"""Harness check: a live server, Debian's chromium and Playwright work together."""

from wagtail.models import Page


def test_wagtail_admin_login_page_renders(live_server, browser_page):
    response = browser_page.goto(f"{live_server.url}/admin/login/")
    assert response is not None
    assert response.status == 200
    assert "Sign in" in browser_page.title()
    assert browser_page.locator("input[name=username]").is_visible()


def test_orm_is_usable_next_to_the_browser(live_server, browser_page):
    # Would raise SynchronousOnlyOperation without DJANGO_ALLOW_ASYNC_UNSAFE.
    assert Page.objects.filter(depth=1).exists()
    browser_page.goto(f"{live_server.url}/admin/login/")
    assert browser_page.locator("form").count() >= 1
