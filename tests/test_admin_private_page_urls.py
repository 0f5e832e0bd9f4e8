"""Wagtail's admin views addressed by a page id answer an admin user who is not a member of a
private community (a moderator of another section) exactly as for an id that does not exist:
same status, same body once the ids in the path are left aside
(``wagtail_social/admin/private_page_urls.py``)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client, override_settings
from wagtail.models import GroupPagePermission

from tests.utils import add_page, make_user, restrict_to_groups
from wagtail_social.checks import PRIVATE_PAGES_ADMIN_MIDDLEWARE, check_private_pages_admin_middleware

pytestmark = pytest.mark.django_db

MISSING = 987654321
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+|("csrfToken": ")[^"]+|(csrftoken=)[^;"]+')

# (method, path template): {page} is the page's id, {open} a page the moderator edits, {rev} a
# revision of the page.
URLS = [
    ("get", "/admin/pages/{page}/"),
    ("get", "/admin/pages/{page}/results/"),
    ("get", "/admin/pages/{page}/edit/"),
    ("post", "/admin/pages/{page}/edit/"),
    ("get", "/admin/pages/{page}/edit/preview/"),
    ("post", "/admin/pages/{page}/edit/preview/"),
    ("get", "/admin/pages/{page}/view_draft/"),
    ("get", "/admin/pages/{page}/add_subpage/"),
    ("get", "/admin/pages/add/testapp/plainpage/{page}/"),
    ("get", "/admin/pages/add/testapp/plainpage/{page}/preview/"),
    ("get", "/admin/pages/{page}/delete/"),
    ("post", "/admin/pages/{page}/delete/"),
    ("get", "/admin/pages/{page}/unpublish/"),
    ("get", "/admin/pages/{page}/convert_alias/"),
    ("get", "/admin/pages/{page}/move/"),
    ("get", "/admin/pages/{page}/move/{open}/confirm/"),
    ("get", "/admin/pages/{open}/move/{page}/confirm/"),
    ("post", "/admin/pages/{page}/set_position/"),
    ("get", "/admin/pages/{page}/copy/"),
    ("get", "/admin/pages/{page}/privacy/"),
    ("post", "/admin/pages/{page}/lock/"),
    ("post", "/admin/pages/{page}/unlock/"),
    ("get", "/admin/pages/{page}/revisions/"),
    ("get", "/admin/pages/{page}/revisions/{rev}/view/"),
    ("get", "/admin/pages/{page}/revisions/{rev}/revert/"),
    ("post", "/admin/pages/{page}/revisions/{rev}/unschedule/"),
    ("get", "/admin/pages/{page}/revisions/compare/earliest...latest/"),
    ("get", "/admin/pages/{page}/workflow_history/"),
    ("get", "/admin/pages/{page}/history/"),
    ("get", "/admin/pages/{page}/history/results/"),
    ("get", "/admin/pages/{page}/usage/"),
    ("get", "/admin/pages/workflow/confirm_cancellation/{page}/"),
    ("get", "/admin/choose-page/{page}/"),
]


@pytest.fixture
def community(home):
    members = Group.objects.create(name="Hush members")
    make_user("carol", members)
    section = add_page(home, "Hushclub")
    restrict_to_groups(section, members)
    page = add_page(section, "Whisper topic")
    revision = page.save_revision()
    return page, revision


@pytest.fixture
def open_section(home):
    return add_page(home, "Open section")


@pytest.fixture
def moderator(open_section):
    """An admin user of another section: edits its pages and moderates comments site-wide."""
    group = Group.objects.create(name="Other section's staff")
    GroupPagePermission.objects.create(group=group, page=open_section, permission_type="change")
    GroupPagePermission.objects.create(group=group, page=open_section, permission_type="publish")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "moderate_comments"]))
    return make_user("otto", group)


def normalised(response, *ids) -> tuple:
    body = CSRF.sub(r"\1\2\3", response.content.decode(errors="replace"))
    for value in sorted({str(v) for v in ids}, key=len, reverse=True):
        body = re.sub(rf"(?<!\d){value}(?!\d)", "<id>", body)
    location = response.headers.get("Location", "")
    for value in sorted({str(v) for v in ids}, key=len, reverse=True):
        location = location.replace(f"/{value}/", "/<id>/")
    return response.status_code, location, body


@pytest.mark.parametrize(("method", "template"), URLS)
def test_a_non_member_moderator_gets_what_a_missing_id_gets(
    community, open_section, moderator, method, template
):
    page, revision = community
    client = Client()
    client.force_login(moderator)
    fill = {"open": open_section.pk, "rev": revision.pk}
    private = getattr(client, method)(template.format(page=page.pk, **fill))
    missing = getattr(client, method)(template.format(page=MISSING, **fill))
    assert private.status_code == (302 if template.endswith("/revisions/") else 404)
    assert normalised(private, page.pk, MISSING) == normalised(missing, page.pk, MISSING)
    assert "Whisper topic" not in private.content.decode()


@pytest.mark.parametrize("template", ["/admin/pages/{page}/edit/", "/admin/pages/{page}/history/"])
def test_members_editors_and_superusers_keep_what_wagtail_gives(community, home, template):
    page, _revision = community
    editors = Group.objects.create(name="Hush editors")
    GroupPagePermission.objects.create(group=editors, page=page.get_parent(), permission_type="change")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = make_user("edith", editors)
    boss = make_user("root", is_superuser=True, is_staff=True)
    for user in (editor, boss):
        client = Client()
        client.force_login(user)
        assert client.get(template.format(page=page.pk)).status_code == 200


def test_a_public_page_keeps_wagtails_answer(open_section, moderator, home):
    """A page outside any community: Wagtail's own answer, unchanged (its permission redirect)."""
    client = Client()
    client.force_login(moderator)
    assert client.get(f"/admin/pages/{open_section.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 302


def test_the_check_warns_when_the_middleware_is_missing(settings):
    assert check_private_pages_admin_middleware() == []
    without = [name for name in settings.MIDDLEWARE if name != PRIVATE_PAGES_ADMIN_MIDDLEWARE]
    with override_settings(MIDDLEWARE=without):
        assert [warning.id for warning in check_private_pages_admin_middleware()] == ["wagtail_social.W007"]
