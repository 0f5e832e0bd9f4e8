"""The suite's own full pages inside the host's base template (``WAGTAIL_SOCIAL_BASE_TEMPLATE``)."""

import pytest
from django.urls import reverse

from tests.utils import add_page, make_comment, set_policy
from wagtail_social import notifications, targets
from wagtail_social.models import Reaction

pytestmark = pytest.mark.django_db
SITE_BASE = "tests/site_base.html"


@pytest.fixture
def discussed(section):
    set_policy(section, comments_enabled=True, reactions_enabled=True)
    return add_page(section, "Discussed")


def full_pages(discussed, employee, colleague) -> dict[str, tuple[str, dict, object]]:
    """The three pages a new user reached outside the site's layout: (url, GET data, user)."""
    comment = make_comment(discussed, employee, "Mine")
    Reaction.objects.create(user=colleague, page=discussed, kind="like")
    token = notifications.mute_token(colleague.pk, targets.target_for(discussed))
    return {
        "edit": (reverse("wagtail_social:edit_comment", args=[comment.pk]), {}, employee),
        "who reacted": (
            reverse("wagtail_social:who_reacted"),
            {"page": discussed.pk, "kind": "like"},
            employee,
        ),
        "email stop": (reverse("wagtail_social:mute", args=[token]), {}, colleague),
    }


def test_full_pages_are_inside_the_host_base_template(settings, client_for, discussed, employee, colleague):
    settings.WAGTAIL_SOCIAL_BASE_TEMPLATE = SITE_BASE
    for name, (url, data, user) in full_pages(discussed, employee, colleague).items():
        response = client_for(user).get(url, data)
        html = response.content.decode()
        assert response.status_code == 200, name
        assert "Test site header" in html and "Test site footer" in html, name
        assert 'class="site social-page"' in html, name
        assert "wagtail_social/css/wagtail_social.css" in html, name
        assert html.count("<html") == 1, name


def test_without_the_setting_they_are_a_page_of_ours(client_for, discussed, employee, colleague):
    for name, (url, data, user) in full_pages(discussed, employee, colleague).items():
        html = client_for(user).get(url, data).content.decode()
        assert "Test site header" not in html, name
        assert '<main class="social" id="main">' in html, name
        assert "wagtail_social/css/wagtail_social.css" in html, name
