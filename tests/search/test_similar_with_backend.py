"""The "similar contributions" hint through the search app's backend, when a site makes it its
default: the writer and the section reach the index through the core's documented hook
(``wagtail_social.searching.person_search``), without the contributions app importing the
search app."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory, override_settings
from modelsearch.backends import get_search_backend

from tests.contributions_helpers import make_contribution, switch_on
from tests.search.library import rebuild
from tests.utils import add_page, make_user, restrict_to_groups
from wagtail_social.contributions.models import Contribution
from wagtail_social.contributions.similar import similar_to
from wagtail_social.searching import person_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours_by_default(index_dir):
    backends = {"default": {"BACKEND": "wagtail_social.search.backend", "AUTO_UPDATE": False}}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield get_search_backend()


@pytest.fixture
def boxes(home, ours_by_default):
    box = add_page(home, "Boîte à idées")
    switch_on(box)
    other = add_page(home, "Autre site")
    switch_on(other)
    members = Group.objects.create(name="Club vélo")
    club = add_page(box, "Club vélo")
    restrict_to_groups(club, members)
    author = make_user("bob")
    make_contribution(box, author, title="Parking vélo couvert")
    make_contribution(other, author, title="Parking vélo à l'autre site")
    make_contribution(club, author, title="Parking vélo du club")
    rebuild("default")
    return box, make_user("alice"), make_user("carol", members)


def request_of(user):
    request = RequestFactory().get("/", SERVER_NAME="testserver")
    request.user, request.session = user, {}
    return request


def test_similar_finds_the_section_s_ideas_the_writer_may_see(boxes):
    box, employee, member = boxes
    assert [c.title for c in similar_to(request_of(employee), box, "idea", "parking velo")] == [
        "Parking vélo couvert"
    ]
    assert {c.title for c in similar_to(request_of(member), box, "idea", "parking velo")} == {
        "Parking vélo couvert",
        "Parking vélo du club",
    }


def test_the_hook_filters_inside_the_index_by_person_and_section(boxes, ours_by_default):
    box, employee, member = boxes
    everything = Contribution.objects.all()
    found = {c.title for c in person_search(ours_by_default, "parking", everything, user=employee)}
    assert found == {"Parking vélo couvert", "Parking vélo à l'autre site"}
    in_box = person_search(ours_by_default, "parking", everything, user=member, section=box)
    assert {c.title for c in in_box} == {"Parking vélo couvert", "Parking vélo du club"}
    typed = person_search(ours_by_default, "park", everything, user=employee, section=box, autocomplete=True)
    assert [c.title for c in typed] == ["Parking vélo couvert"]


def test_wagtail_s_own_backends_get_the_queryset_alone(home, employee):
    make_contribution(add_page(home, "Boîte"), employee, title="Parking vélo couvert")
    backend = get_search_backend("default")  # the test settings' database backend
    found = person_search(backend, "parking", Contribution.objects.all(), user=employee, section=home)
    assert [c.title for c in found] == ["Parking vélo couvert"]
