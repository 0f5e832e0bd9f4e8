"""The sections a group moderates, on Wagtail's group screen (``admin/section_grants.py``): the
panel lists the group's section grants and gives new ones, and saving the group no longer loses
them (Wagtail's page permission panel deletes every row of its table it does not list)."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission
from wagtail.users.forms import GroupPagePermissionFormSet
from wagtail.users.views.groups import get_permission_panel_classes

from tests.utils import add_page, make_user
from wagtail_social.admin.section_grants import SectionGrantFormSet

pytestmark = pytest.mark.django_db

MODERATE = "moderate_comments"
MANAGE = "manage_contribution"


def perm(codename):
    return Permission.objects.get(codename=codename)


@pytest.fixture
def hr(home):
    return add_page(home, "Ressources humaines")


@pytest.fixture
def group(hr):
    group = Group.objects.create(name="HR community managers")
    GroupPagePermission.objects.create(group=group, page=hr, permission_type="change")
    GroupPagePermission.objects.create(group=group, page=hr, permission=perm(MODERATE))
    return group


def grants(group):
    return sorted(
        (grant.page.title, grant.permission.codename)
        for grant in GroupPagePermission.objects.filter(group=group).select_related("page", "permission")
    )


def data_of(formset_class, group, rows) -> dict:
    """What the two page panels post: ``rows`` is [(page, [codenames])]."""
    unbound = formset_class(instance=group)
    prefix = unbound.prefix
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(min(len(rows), len(unbound.initial or []))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (page, codenames) in enumerate(rows):
        data[f"{prefix}-{index}-page"] = str(page.pk)
        data[f"{prefix}-{index}-permissions"] = codenames
    return data


def test_the_panel_comes_after_wagtails_page_permissions():
    classes = get_permission_panel_classes()
    assert classes.index(SectionGrantFormSet) > classes.index(GroupPagePermissionFormSet)


def test_the_group_screen_shows_the_sections_a_group_moderates(group, hr):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    html = client.get(f"/admin/groups/edit/{group.pk}/").content.decode()
    panel = html[html.index("Sections moderated") :]
    assert "Sections moderated" in panel
    assert "<th>Moderate comments</th>" in panel and "<th>Manage contributions</th>" in panel
    checked = re.findall(r'<input type="checkbox" name="social_section_grants-0-permissions"[^>]*>', panel)
    assert len(checked) == 2 and "checked" in checked[0] and "checked" not in checked[1]
    assert f'name="social_section_grants-0-page" value="{hr.pk}"' in panel


def test_saving_the_group_keeps_its_grants_and_gives_new_ones(group, hr, home):
    """As Wagtail's group view saves: its page permissions panel first, then ours."""
    it = add_page(home, "Informatique")
    wagtail_data = data_of(GroupPagePermissionFormSet, group, [(hr, ["change_page"])])
    ours = data_of(SectionGrantFormSet, group, [(hr, [MODERATE]), (it, [MODERATE, MANAGE])])
    panels = [GroupPagePermissionFormSet(data=wagtail_data, instance=group)]
    panels.append(SectionGrantFormSet(data=ours, instance=group))
    assert all(panel.is_valid() for panel in panels)
    for panel in panels:
        panel.save()
    assert grants(group) == [
        ("Informatique", MANAGE),
        ("Informatique", MODERATE),
        ("Ressources humaines", "change_page"),
        ("Ressources humaines", MODERATE),
    ]
    # Taking a section away (the row deleted in the panel).
    ours = data_of(SectionGrantFormSet, group, [(hr, [MODERATE])])
    wagtails = GroupPagePermissionFormSet(data=wagtail_data, instance=group)
    assert wagtails.is_valid()
    wagtails.save()
    panel = SectionGrantFormSet(data=ours, instance=group)
    assert panel.is_valid()
    panel.save()
    assert grants(group) == [("Ressources humaines", "change_page"), ("Ressources humaines", MODERATE)]


def test_a_section_listed_twice_is_refused(group, hr):
    panel = SectionGrantFormSet(
        data=data_of(SectionGrantFormSet, group, [(hr, [MODERATE]), (hr, [MANAGE])]), instance=group
    )
    assert not panel.is_valid()
    assert "Each section may be listed only once." in str(panel.non_form_errors())


def test_a_grant_through_the_screen_makes_a_section_manager(group, hr, home):
    """End to end: posting Wagtail's group edit screen with the panel (every panel's data as the
    screen renders it, ours changed) gives the group the section."""
    admin = make_user("root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    url = f"/admin/groups/edit/{group.pk}/"
    html = client.get(url).content.decode()
    data = {"name": group.name}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        data.setdefault(name, value)
    it = add_page(home, "Informatique")
    data.update(data_of(SectionGrantFormSet, group, [(hr, [MODERATE]), (it, [MANAGE])]))
    data["page_permissions-0-page"] = str(hr.pk)
    data["page_permissions-0-permissions"] = ["change_page"]
    data.pop("csrfmiddlewaretoken", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert grants(group) == [
        ("Informatique", MANAGE),
        ("Ressources humaines", "change_page"),
        ("Ressources humaines", MODERATE),
    ]
