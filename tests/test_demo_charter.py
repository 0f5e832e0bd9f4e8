"""The demo's usage charter (issue 11): a first version in French, published once; a demo login's
first comment asks to accept it, then completes, and the next one is not asked again."""

import os
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from tests.test_comments import form_data
from tests.utils import make_user
from wagtail_social.models import CharterAcceptance, CharterVersion

SOURCE_DIR = str(Path(os.environ.get("WAGTAIL_SOCIAL_SOURCE_DIR") or Path(__file__).resolve().parents[1]))
if SOURCE_DIR not in sys.path:
    sys.path.append(SOURCE_DIR)

from example_site.intranet.demo import charter as demo_charter  # noqa: E402
from example_site.intranet.demo.people import DEMO_LOGINS  # noqa: E402

pytestmark = pytest.mark.django_db
ACCEPT = reverse("wagtail_social_charter:accept")
POST = reverse("wagtail_social:post_comment")


def test_the_demo_publishes_one_dated_french_version_once():
    assert demo_charter.load() == 1
    assert demo_charter.load() == 0  # the demo loads again: the version stays
    version = CharterVersion.objects.get()
    assert version.number == 1 and version.published_at is not None
    assert "Charte d'utilisation" in version.text and "données personnelles" in version.text
    assert not CharterAcceptance.objects.exists()


def test_a_demo_login_accepts_once_with_its_first_comment(client, article):
    demo_charter.load()
    login = DEMO_LOGINS[0]
    make_user(login.username)  # as people.load() creates it (with the demo's password there)
    assert client.login(username=login.username, password="pw")
    asked = client.post(POST, form_data(article, text="Premier commentaire"))
    assert asked["Location"].startswith(ACCEPT + "?action=")
    token = client.get(asked["Location"]).context["token"]
    client.post(ACCEPT, {"version": "1", "action": token})
    assert XtdComment.objects.get().comment == "Premier commentaire"
    again = client.post(POST, form_data(article, text="Deuxième"))
    assert "charter" not in again["Location"]
    assert XtdComment.objects.count() == 2
