"""A private community (a group-restricted subtree) is answered to outsiders exactly as a page that
does not exist, and listed by no navigation helper, sitemap or admin chooser of theirs
(``wagtail_social/private_pages.py``, ``access/private.py``, ``admin/private_pages.py``)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from wagtail.models import GroupPagePermission, PageViewRestriction

from tests.utils import add_page, make_user
from wagtail_social.access import private

pytestmark = pytest.mark.django_db


def missing_body(client, url):
    """A response's status and body with the requested path taken out (Django's 404 page names it)."""
    response = client.get(url)
    return response.status_code, response.content.decode().replace(url, "<path>")


# Serving ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_private_page_is_answered_as_a_missing_page(client_for, client, outsider, community_page, who):
    if who == "outsider":
        client = client_for(outsider)
    for page in (community_page.get_parent(), community_page):
        private = client.get(page.url)
        missing = client.get(page.url.rstrip("/") + "-nope/")
        assert private.status_code == missing.status_code == 404
        assert private.content.replace(page.url.encode(), b"") == missing.content.replace(
            page.url.rstrip("/").encode() + b"-nope/", b""
        )
        assert sorted(private.headers.items()) == sorted(missing.headers.items())
        assert b"access" not in private.content


def test_other_methods_on_a_private_page_are_404_too(client_for, outsider, community_page):
    client = client_for(outsider)
    assert client.options(community_page.url).status_code == 404
    assert client.post(community_page.url).status_code == 404


def test_members_and_superusers_read_the_community(client_for, member, community_page):
    assert client_for(member).get(community_page.url).status_code == 200
    admin = make_user("root", is_superuser=True, is_staff=True)
    assert client_for(admin).get(community_page.url).status_code == 200


def test_a_login_restricted_page_still_asks_anonymous_visitors_to_log_in(
    client, client_for, employee, section
):
    page = add_page(section, "Staff only")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client_for(employee).get(page.url).status_code == 200


@override_settings(WAGTAIL_SOCIAL_HIDE_PRIVATE_PAGES=False)
def test_the_setting_off_keeps_wagtails_login_form(client, client_for, outsider, community_page):
    response = client.get(community_page.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client_for(outsider).get(community_page.url).status_code == 302


@override_settings(WAGTAIL_SOCIAL_HIDE_PRIVATE_PAGES="no")
def test_the_setting_is_checked():
    with pytest.raises(SystemCheckError, match="wagtail_social.E006"):
        call_command("check")


# Navigation, sitemap --------------------------------------------------------------------------


def render(template, request, **context):
    return Template("{% load wagtail_social_tags %}" + template).render(
        Context({"request": request, **context})
    )


def request_for(user, home):
    request = RequestFactory().get("/", SERVER_NAME="testserver")
    request.user = user
    request.session = {}
    return request


def test_navigation_tags_list_the_community_to_members_only(home, section, community_page, member, outsider):
    for page in (section, community_page.get_parent()):
        page.show_in_menus = True
        page.save()
    menu = "{% social_menu_pages as pages %}{% for p in pages %}[{{ p.title }}]{% endfor %}"
    children = "{% social_child_pages home as pages %}{% for p in pages %}[{{ p.title }}]{% endfor %}"
    crumbs = "{% social_breadcrumb_pages page as pages %}{% for p in pages %}[{{ p.title }}]{% endfor %}"
    for template in (menu, children):
        assert render(template, request_for(member, home), home=home) == "[Section][Community]"
        assert render(template, request_for(outsider, home), home=home) == "[Section]"
    assert render(crumbs, request_for(member, home), page=community_page) == "[Home][Community]"
    from django.contrib.auth.models import AnonymousUser

    anonymous = request_for(AnonymousUser(), home)
    assert list(private.visible_children(anonymous, home)) == [section]


def test_the_sitemap_lists_only_what_the_visitor_may_open(
    client, client_for, home, section, community_page, member
):
    urls = set(re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml").content.decode()))
    assert urls == {"http://testserver/", "http://testserver/section/"}
    urls = set(re.findall(r"<loc>([^<]+)</loc>", client_for(member).get("/sitemap.xml").content.decode()))
    assert "http://testserver/community/private-topic/" in urls


# The Wagtail admin ----------------------------------------------------------------------------


@pytest.fixture
def other_moderator(moderators):
    """An admin user who is not a member of the community (a moderator of another section)."""
    return make_user("otto", moderators)


def chooser_titles(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_chooser_hides_the_community_from_non_members(
    client_for, other_moderator, moderator, home, section, community_page
):
    client = client_for(other_moderator)
    browse = chooser_titles(client, f"/admin/choose-page/{home.pk}/")
    assert "Section" in browse and "Community" not in browse
    search = chooser_titles(client, "/admin/choose-page/search/", q="Private")
    assert "Private topic" not in search
    assert client.get(f"/admin/choose-page/{community_page.get_parent().pk}/").status_code == 404
    member = client_for(moderator)
    assert "Community" in chooser_titles(member, f"/admin/choose-page/{home.pk}/")
    assert "Private topic" in chooser_titles(member, "/admin/choose-page/search/", q="Private")


def test_the_bulk_delete_confirmation_names_no_hidden_page(client_for, other_moderator, community_page):
    client = client_for(other_moderator)
    other_moderator.user_permissions.add(*Group.objects.get(name="Editors").permissions.all())
    response = client.get(f"/admin/bulk/wagtailcore/page/delete/?id={community_page.pk}")
    assert b"Private topic" not in response.content


def test_an_editor_given_the_section_keeps_it_as_wagtail_decides(client_for, community_page, editors):
    scoped = Group.objects.create(name="Community editors")
    scoped.permissions.add(*editors.permissions.all())
    GroupPagePermission.objects.create(
        group=scoped, page=community_page.get_parent(), permission_type="change"
    )
    editor = make_user("eve", scoped)
    client = client_for(editor)
    assert "Private topic" in chooser_titles(client, "/admin/choose-page/search/", q="Private")
    explorer = client.get(f"/admin/pages/{community_page.get_parent().pk}/")
    assert b"Private topic" in explorer.content
    response = client.get(f"/admin/bulk/wagtailcore/page/delete/?id={community_page.pk}")
    assert b"Private topic" in response.content


@override_settings(WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS=False)
def test_the_explorer_search_hides_the_community(client_for, editors, section, community_page):
    """An editor given another section searches the whole tree (Wagtail's setting lets them)."""
    section_editors = Group.objects.create(name="Section editors")
    section_editors.permissions.add(*editors.permissions.all())
    GroupPagePermission.objects.create(group=section_editors, page=section, permission_type="change")
    client = client_for(make_user("sam", section_editors))
    found = client.get(f"/admin/pages/{section.pk}/", {"q": "Private", "search_all": "1"}).content.decode()
    assert "Private topic" not in found


@override_settings(WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS=False)
def test_wagtails_unfiltered_page_search_is_warned_about():
    """Wagtail's page search view then lists every page by title, with no hook to narrow it."""
    from wagtail_social.checks import check_private_pages_search

    assert [warning.id for warning in check_private_pages_search()] == ["wagtail_social.W005"]
    with override_settings(WAGTAIL_SOCIAL_HIDE_PRIVATE_PAGES=False):
        assert check_private_pages_search() == []


def test_wagtail_grants_above_the_community_keep_it(community_page, home, editors):
    granted = make_user("sam", editors)  # Wagtail's Editors hold the tree's root
    assert private.admin_hides(granted, community_page) is False
    assert private.admin_hides(make_user("tom"), community_page) is True
