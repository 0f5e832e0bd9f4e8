"""Fixtures shared by the test modules (loaded by conftest's ``pytest_plugins``)."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Page, Site

from tests.polls_admin import poll_permissions
from tests.utils import add_page, make_user, restrict_to_groups, set_policy
from wagtail_social.models import SocialSettings


@pytest.fixture
def root_page(db):
    return Page.objects.get(depth=1)


@pytest.fixture
def home(root_page):
    """A home page serving as the default site's root, with site defaults: comments off."""
    Page.objects.filter(depth=2).delete()  # Wagtail's welcome page, and with it its site
    home = add_page(root_page, "Home")
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def site_defaults(home):
    return SocialSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def section(home):
    """A section with comments switched on for its whole subtree."""
    section = add_page(home, "Section")
    set_policy(section, comments_enabled=True)
    return section


@pytest.fixture
def article(section):
    return add_page(section, "Article")


@pytest.fixture
def members(db):
    return Group.objects.create(name="Community members")


@pytest.fixture
def faq(section):
    """A page of the section asking "Was this page helpful?" (comments off)."""
    set_policy(section, comments_enabled=False, helpful_enabled=True)
    return add_page(section, "FAQ mutuelle")


@pytest.fixture
def community(home, members):
    community = add_page(home, "Community")
    set_policy(community, comments_enabled=True)
    restrict_to_groups(community, members)
    return community


@pytest.fixture
def community_page(community):
    return add_page(community, "Private topic")


@pytest.fixture
def employee(db):
    return make_user("alice", first_name="Alice", last_name="Martin")


@pytest.fixture
def colleague(db):
    return make_user("bob", first_name="Bob", last_name="Durand")


@pytest.fixture
def member(members):
    return make_user("carol", members, first_name="Carol", last_name="Petit")


@pytest.fixture
def outsider(db):
    return make_user("dave", first_name="Dave", last_name="Roux")


@pytest.fixture
def moderators(db):
    group = Group.objects.create(name="Comment moderators")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_comments"),
    )
    return group


@pytest.fixture
def moderator(moderators, members):
    return make_user("maud", moderators, members, first_name="Maud", last_name="Moreau")


@pytest.fixture
def editors(db):
    return Group.objects.get(name="Editors")


@pytest.fixture
def editor(editors):
    return make_user("ed", editors, first_name="Ed", last_name="Itor")


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters, Wagtail's cached site roots and the pages and policies kept in
    memory must not leak between tests (rolled-back tests reuse generation numbers and ids)."""
    from django.core.cache import cache

    from wagtail_social import generation

    cache.clear()
    generation.forget_everything()
    yield
    cache.clear()
    generation.forget_everything()


@pytest.fixture
def poll_editor(editor, editors):
    """An intranet editor (Wagtail's Editors group) allowed to manage polls."""
    editors.permissions.add(*poll_permissions("add_poll", "change_poll", "delete_poll"))
    return editor


@pytest.fixture
def exporter(poll_editor):
    poll_editor.user_permissions.add(*poll_permissions("export_poll_voters"))
    return poll_editor
