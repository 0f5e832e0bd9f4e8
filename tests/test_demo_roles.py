"""The demo's roles: its editor publishes the pages she adds polls to (issue 11)."""

import os
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from tests.utils import add_page, make_user

# The demo is not in the package: when the suite runs against the installed wheel (tox), it is
# read from the source tree (appended, so the package still comes from the wheel).
SOURCE_DIR = str(Path(os.environ.get("WAGTAIL_SOCIAL_SOURCE_DIR") or Path(__file__).resolve().parents[1]))
if SOURCE_DIR not in sys.path:
    sys.path.append(SOURCE_DIR)

from example_site.intranet.demo.people import DEMO_LOGINS  # noqa: E402
from example_site.intranet.demo.roles import EDITORS_GROUP, publishers_can_publish  # noqa: E402

pytestmark = pytest.mark.django_db


def test_the_demo_editor_can_publish(section):
    editors = Group.objects.get(name=EDITORS_GROUP)
    claire = make_user("claire")
    claire.groups.add(editors)
    page = add_page(section, "Sondage cantine")
    assert not page.permissions_for_user(claire).can_publish()
    publishers_can_publish(editors)
    publishers_can_publish(editors)  # the demo loads again without a duplicate
    claire = type(claire).objects.get(pk=claire.pk)  # Wagtail caches permissions on the user
    assert page.permissions_for_user(claire).can_publish()
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_the_printed_logins_say_who_publishes():
    editor = next(login for login in DEMO_LOGINS if EDITORS_GROUP in login.groups)
    assert "publie" in editor.role_fr and "publishes" in editor.role_en
