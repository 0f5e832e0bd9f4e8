from wagtail.models import Page


def test_a(live_server, browser_page):
    assert Page.objects.count() == 2
    Page.objects.get(depth=1).add_child(instance=Page(title="x", slug="x"))


def test_b(live_server, browser_page):
    assert Page.objects.count() == 2


def test_c(live_server, browser_page):
    assert Page.objects.count() == 2
    browser_page.goto(live_server.url + "/admin/login/")
