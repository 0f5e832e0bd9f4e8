"""Participation policy: inheritance page → ancestors → site defaults, and the page editor's panel
(the "Participation" admin screen: ``test_admin_policy.py``)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.utils import add_page, set_policy, set_site_defaults
from wagtail_social.models import ParticipationPolicy
from wagtail_social.models.policy import CLOSING_DATE, CLOSING_OPEN

pytestmark = pytest.mark.django_db


def test_site_defaults_apply_when_nothing_is_set(home, site_defaults):
    page = add_page(home, "Lonely")
    policy = ParticipationPolicy.effective_for(page)
    assert policy.enabled("comments") is False
    assert policy.moderation == "post"
    assert policy.max_depth == 2
    assert policy.closes_at is None
    assert set(policy.sources.values()) == {None}

    set_site_defaults(site_defaults, comments_enabled=True, moderation="pre")
    policy = ParticipationPolicy.effective_for(page)
    assert policy.enabled("comments") is True
    assert policy.premoderated


def test_section_value_inherits_down_the_subtree(section):
    child = add_page(section, "Child")
    grandchild = add_page(child, "Grandchild")
    policy = ParticipationPolicy.effective_for(grandchild)
    assert policy.enabled("comments") is True
    assert policy.sources["comments"].pk == section.pk
    assert policy.sources["moderation"] is None


def test_nearest_ancestor_wins_and_page_overrides(section):
    child = add_page(section, "Child")
    grandchild = add_page(child, "Grandchild")
    set_policy(child, comments_enabled=False, moderation="pre")
    set_policy(grandchild, moderation="post", max_depth=0)
    policy = ParticipationPolicy.effective_for(grandchild)
    assert policy.enabled("comments") is False
    assert policy.sources["comments"].pk == child.pk
    assert policy.moderation == "post"
    assert policy.sources["moderation"].pk == grandchild.pk
    assert policy.max_depth == 0
    assert not policy.allows_reply_at(0)


def test_inherited_only_ignores_the_page_itself(section):
    child = add_page(section, "Child")
    set_policy(child, comments_enabled=False)
    assert ParticipationPolicy.effective_for(child).enabled("comments") is False
    assert ParticipationPolicy.effective_for(child, inherited_only=True).enabled("comments") is True


def test_closing_date_inherits_and_closes(section):
    past = timezone.now() - datetime.timedelta(days=1)
    set_policy(section, comments_enabled=True, closing=CLOSING_DATE, closes_at=past)
    child = add_page(section, "Child")
    policy = ParticipationPolicy.effective_for(child)
    assert policy.is_closed()
    assert not policy.accepts_comments()
    set_policy(child, closing=CLOSING_OPEN)
    assert ParticipationPolicy.effective_for(child).accepts_comments()


def test_resolution_costs_one_query_plus_settings(section, django_assert_num_queries):
    deep = add_page(add_page(add_page(section, "A"), "B"), "C")
    ParticipationPolicy.effective_for(deep)  # warm the site settings
    with django_assert_num_queries(2):  # policies; the page's site settings (Wagtail caches site roots)
        ParticipationPolicy.effective_for(deep)


def test_depth_never_exceeds_the_configured_ceiling(section, settings):
    set_policy(section, max_depth=4)
    settings.WAGTAIL_SOCIAL_MAX_THREAD_DEPTH = 3
    assert ParticipationPolicy.effective_for(section).max_depth == 3


class TestPageMixinPanel:
    def test_panel_saves_policy_with_the_page(self, client_for, editor, section):
        from tests.testapp.models import SocialPage

        page = add_page(section, "Owned", model=SocialPage)
        client = client_for(editor)
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        form = client.get(url).context["form"]
        assert "social_comments_enabled" in form.fields
        assert "If inherited: On, from “Section”." in form.fields["social_comments_enabled"].help_text
        data = {
            "title": "Owned",
            "slug": "owned",
            "social_comments_enabled": "false",
            "social_moderation": "pre",
        }
        data.update({"social_closing": "", "social_closes_at": "", "social_max_depth": ""})
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors if response.context else ""
        policy = ParticipationPolicy.objects.get(page=page)
        assert policy.switch("comments") is False
        assert policy.moderation == "pre"
