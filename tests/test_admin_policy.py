"""The "Participation" page action (``wagtail_social/admin/policy.py``): an editor sets a page's
policy, seeing what it inherits; others get the 404 of a missing page."""

import pytest
from django.urls import reverse

from tests.utils import add_page
from wagtail_social.models import ParticipationPolicy

pytestmark = pytest.mark.django_db


def policy_form(**values):
    """POST data of the "Participation" form: every field on "Inherit" unless given."""
    return {
        "comments_enabled": "unknown",
        "moderation": "",
        "closing": "",
        "closes_at": "",
        "max_depth": "",
        **values,
    }


class TestPolicyAdmin:
    def url(self, page):
        return reverse("wagtail_social_admin:policy", args=[page.pk])

    def test_editor_sees_inherited_values_and_their_source(self, client_for, editor, section):
        child = add_page(section, "Child")
        response = client_for(editor).get(self.url(child))
        assert response.status_code == 200
        html = response.content.decode()
        assert "If inherited: On, from “Section”." in html
        assert "from the site defaults" in html

    def test_editor_saves_a_policy(self, client_for, editor, home):
        page = add_page(home, "News")
        response = client_for(editor).post(
            self.url(page),
            policy_form(comments_enabled="true", moderation="pre", max_depth="1"),
        )
        assert response.status_code == 302
        policy = ParticipationPolicy.objects.get(page=page)
        assert policy.switch("comments") is True
        assert policy.moderation == "pre"
        assert policy.max_depth == 1
        assert policy.updated_by == editor

    def test_all_inherit_deletes_the_policy(self, client_for, editor, section):
        data = policy_form()
        client_for(editor).post(self.url(section), data)
        assert not ParticipationPolicy.objects.filter(page=section).exists()

    def test_closing_date_is_required_for_date_closing(self, client_for, editor, section):
        data = policy_form(comments_enabled="true", closing="date")
        response = client_for(editor).post(self.url(section), data)
        assert response.status_code == 200
        assert "Give the closing date" in response.content.decode()
        assert ParticipationPolicy.objects.get(page=section).closing == ""

    def test_depth_above_ceiling_is_refused(self, client_for, editor, section):
        data = policy_form(comments_enabled="true", max_depth="99")
        response = client_for(editor).post(self.url(section), data)
        assert response.status_code == 200
        assert ParticipationPolicy.objects.get(page=section).max_depth is None

    def test_user_who_cannot_edit_the_page_gets_404(self, client_for, employee, moderator, section):
        # 404, as for a missing page (it was 403, which told which page ids exist).
        employee.is_staff = True
        employee.save()
        assert client_for(moderator).get(self.url(section)).status_code == 404
        assert client_for(moderator).post(self.url(section), {"comments_enabled": "false"}).status_code == 404
        assert ParticipationPolicy.objects.get(page=section).switch("comments") is True

    def test_anonymous_is_sent_to_login(self, client, section):
        response = client.get(self.url(section))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_page_header_and_listing_offer_the_action(self, client_for, editor, section):
        client = client_for(editor)
        edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[section.pk])).content.decode()
        assert self.url(section) in edit_page
        listing = client.get(reverse("wagtailadmin_explore", args=[section.get_parent().pk])).content.decode()
        assert self.url(section) in listing
