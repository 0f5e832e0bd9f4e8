"""The usage charter in the Wagtail admin: new versions only (prefilled with the current text),
never an edit or a deletion, each publication in Wagtail's audit log."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import rich_text

from tests.utils import make_user
from wagtail_social import charter
from wagtail_social.models import CharterVersion

pytestmark = pytest.mark.django_db
INDEX = reverse("wagtail_social_charter_admin:index")
ADD = reverse("wagtail_social_charter_admin:add")


@pytest.fixture
def charter_editor(db):
    user = make_user("chloe")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_charterversion"),
        Permission.objects.get(codename="view_charterversion"),
    )
    return user


def test_a_new_version_starts_from_the_current_text_and_is_logged(client_for, charter_editor):
    first = charter.publish_version("<p>First rules</p>")
    client = client_for(charter_editor)
    form = client.get(ADD)
    assert form.status_code == 200 and "First rules" in form.content.decode()
    response = client.post(ADD, {"text": rich_text("<p>Second rules</p>")})
    assert response.status_code == 302
    assert list(CharterVersion.objects.values_list("number", flat=True)) == [2, 1]
    assert CharterVersion.objects.get(pk=first.pk).text == "<p>First rules</p>"  # kept as it was
    second = CharterVersion.objects.get(number=2)
    assert "Second rules" in second.text and second.published_by == charter_editor
    entries = ModelLogEntry.objects.filter(action="wagtail_social.charter.publish")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted([str(first.pk), str(second.pk)])
    assert entries.filter(object_id=str(second.pk)).get().user == charter_editor
    listing = client.get(INDEX).content.decode()
    assert "Usage charter" in listing


def test_versions_are_never_edited_nor_deleted(client_for, charter_editor, django_user_model):
    version = charter.publish_version("<p>Rules</p>")
    for name in ("edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"wagtail_social_charter_admin:{name}", args=[version.pk])
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    listing = client_for(boss).get(INDEX).content.decode()
    assert f"/edit/{version.pk}/" not in listing and f"/delete/{version.pk}/" not in listing
    assert client_for(boss).get(f"/admin/social/charter/edit/{version.pk}/").status_code == 404
    inspect = reverse("wagtail_social_charter_admin:inspect", args=[version.pk])
    assert client_for(charter_editor).get(inspect).status_code == 200


def test_people_without_the_permission_are_kept_out(client_for, employee):
    employee.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert client_for(employee).get(ADD).status_code in (302, 403)
