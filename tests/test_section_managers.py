"""Community managers per section (``wagtail_social/sections.py``): a group given the moderation
or the contributions permission on a page (a Wagtail ``GroupPagePermission`` row) moderates that
section's subtree only; the site-wide permission keeps everything."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission

from tests.contributions_helpers import ADMIN_INDEX, make_contribution, switch_on
from tests.utils import add_page, make_comment, make_user, set_policy
from wagtail_social import moderation
from wagtail_social.contributions.managers import managers_of, may_manage

pytestmark = pytest.mark.django_db
INDEX = reverse("wagtail_social_moderation:index")


@pytest.fixture
def other_section(home):
    other = add_page(home, "Other section")
    set_policy(other, comments_enabled=True)
    switch_on(other)
    return other


def section_group(name, page, *codenames):
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    return group


@pytest.fixture
def section_moderator(section):
    return make_user("sam", section_group("Section A moderators", section, "moderate_comments"))


@pytest.fixture
def section_manager(section):
    return make_user("sally", section_group("Section A managers", section, "manage_contribution"))


def test_section_moderator_sees_only_their_section(
    client_for, section_moderator, moderator, article, other_section, employee
):
    make_comment(article, employee, "In section A", is_public=False)
    elsewhere = make_comment(add_page(other_section, "B page"), employee, "In section B", is_public=False)
    html = client_for(section_moderator).get(INDEX).content.decode()
    assert "In section A" in html
    assert "In section B" not in html
    review = reverse("wagtail_social_moderation:edit", args=[elsewhere.pk])
    assert client_for(section_moderator).get(review).status_code == 404
    # The site-wide permission keeps every section.
    html = client_for(moderator).get(INDEX).content.decode()
    assert "In section A" in html and "In section B" in html


def test_section_moderator_is_a_moderator_of_their_subtree_only(section_moderator, article, other_section):
    assert moderation.is_moderator(section_moderator)
    assert moderation.moderates(section_moderator, article)
    assert not moderation.moderates(section_moderator, other_section)


def test_section_manager_manages_and_is_notified_for_their_section_only(
    section, section_manager, other_section, employee
):
    switch_on(section)
    site_wide = make_user("walt", Group.objects.create(name="All managers"))
    site_wide.groups.first().permissions.add(Permission.objects.get(codename="manage_contribution"))
    page_a = add_page(section, "A topic")
    assert may_manage(section_manager, page_a)
    assert not may_manage(section_manager, other_section)
    assert section_manager in managers_of(page_a)
    assert section_manager not in managers_of(other_section)
    assert site_wide in managers_of(page_a) and site_wide in managers_of(other_section)


def test_section_manager_lists_only_their_contributions(
    client_for, section, section_manager, other_section, employee
):
    switch_on(section)
    make_contribution(add_page(section, "A topic"), employee, title="Idea of section A")
    make_contribution(other_section, employee, title="Idea of section B")
    html = client_for(section_manager).get(ADMIN_INDEX).content.decode()
    assert "Idea of section A" in html
    assert "Idea of section B" not in html


def test_a_section_grant_does_not_open_a_private_community(community_page, member):
    group = section_group("Community moderators", community_page.get_parent(), "moderate_comments")
    stranger = make_user("stan", group)
    assert not moderation.is_moderator(make_user("nobody"))
    make_comment(community_page, member, "Secret", is_public=False)
    from wagtail_social.admin.moderation import moderation_queryset

    assert not moderation_queryset(stranger).exists()
