"""Pages, view restrictions and policies kept in memory between requests (``generation``):
every change an editor can make applies to the very next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from tests.utils import add_page, make_user, restrict_to_groups, set_policy, set_site_defaults
from wagtail_social import generation
from wagtail_social.models import Generation, Reaction, SocialSettings

pytestmark = pytest.mark.django_db
REACT = reverse("wagtail_social:react")


@pytest.fixture
def reactive(section):
    set_policy(section, comments_enabled=True, reactions_enabled=True)
    return add_page(section, "Reactive")


def react(client, page, reaction="add:like"):
    return client.post(REACT, {"page": str(page.pk), "reaction": reaction}, HTTP_X_WAGTAIL_SOCIAL="1")


def queries_of(call) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return [query["sql"] for query in ctx.captured_queries]


def test_a_second_reaction_reads_no_page_restriction_or_policy(client_for, employee, reactive):
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    sql = queries_of(lambda: react(client, reactive, "remove:like"))
    tables = " ".join(sql)
    assert "wagtailcore_page" not in tables
    assert "wagtailcore_pageviewrestriction" not in tables
    assert "wagtail_social_participationpolicy" not in tables
    assert "wagtail_social_socialsettings" not in tables
    # The generation, the session, the user, the write and the counts of the target.
    assert len(sql) == 5, sql


def test_a_new_restriction_applies_to_the_next_request(client_for, employee, reactive):
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    restrict_to_groups(reactive, Group.objects.create(name="Board"))
    assert react(client, reactive, "remove:like").status_code == 404
    assert Reaction.objects.count() == 1


def test_removing_someone_from_the_restrictions_groups_applies_at_once(client_for, reactive):
    board = Group.objects.create(name="Board")
    restriction = restrict_to_groups(reactive, board)
    director = make_user("director", board)
    client = client_for(director)
    assert react(client, reactive).status_code == 200
    restriction.groups.remove(board)  # the restriction now admits nobody but superusers
    assert react(client, reactive, "add:bravo").status_code == 404


def test_a_lifted_restriction_applies_at_once(client_for, employee, reactive):
    restriction = restrict_to_groups(reactive, Group.objects.create(name="Board"))
    client = client_for(employee)
    assert react(client, reactive).status_code == 404
    restriction.delete()
    assert react(client, reactive).status_code == 200


def test_unpublishing_applies_at_once(client_for, employee, reactive):
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    reactive.unpublish()
    assert react(client, reactive, "remove:like").status_code == 404


def test_moving_a_page_under_a_restricted_section_applies_at_once(client_for, employee, reactive, community):
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    reactive.move(community, pos="last-child")
    assert react(client, reactive, "remove:like").status_code == 404


def test_a_policy_change_applies_at_once(client_for, employee, reactive, section):
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    set_policy(section, reactions_enabled=False)
    assert react(client, reactive, "remove:like").status_code == 403


def test_a_site_default_change_applies_at_once(client_for, employee, home, site_defaults):
    page = add_page(home, "Uses the defaults")
    client = client_for(employee)
    assert react(client, page).status_code == 403
    set_site_defaults(site_defaults, reactions_enabled=True)
    assert react(client, page).status_code == 200


def test_every_change_moves_the_generation_on(reactive, members):
    def number():
        return Generation.objects.get(pk=1).number

    before = number()
    set_policy(reactive, helpful_enabled=True)
    restriction = PageViewRestriction.objects.create(
        page=reactive, restriction_type=PageViewRestriction.LOGIN
    )
    restriction.delete()
    SocialSettings.for_site(Site.objects.get(is_default_site=True)).save()
    assert number() >= before + 4


def test_without_the_row_nothing_is_kept_and_answers_stay_right(client_for, employee, reactive):
    Generation.objects.all().delete()
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    assert "wagtail_social_participationpolicy" in " ".join(queries_of(lambda: react(client, reactive)))
    generation.bump()  # recreates the row
    assert Generation.objects.get(pk=1).number == 1


def test_what_is_kept_is_bounded(rf, reactive, monkeypatch):
    monkeypatch.setattr(generation, "MAX_ENTRIES", 3)
    request = rf.get("/")
    for key in range(10):
        generation.remembered(request, ("test", key), lambda key=key: key)
    assert len(generation._entries) == 3
    assert generation.remembered(request, ("test", 9), lambda: "recomputed") == 9
    assert generation.remembered(request, ("test", 0), lambda: "recomputed") == "recomputed"


def test_a_change_made_elsewhere_applies_once_the_number_moves(client_for, employee, reactive):
    """What another process does reaches this one only through the number in the database:
    a change without signals (as another process's would look here) is ignored until the
    number moves, then applies at once."""
    client = client_for(employee)
    assert react(client, reactive).status_code == 200
    PageViewRestriction.objects.bulk_create(  # no post_save signal
        [PageViewRestriction(page=reactive, restriction_type=PageViewRestriction.GROUPS)]
    )
    assert react(client, reactive, "add:bravo").status_code == 200  # still the rules kept
    Generation.objects.filter(pk=1).update(number=12345)
    assert react(client, reactive, "add:useful").status_code == 404


def test_a_new_slug_applies_to_the_next_redirect(client_for, employee, reactive):
    client = client_for(employee)
    response = client.post(REACT, {"page": str(reactive.pk), "reaction": "add:like"})
    assert response["Location"] == "/section/reactive/#social-reactions"
    reactive.slug = "renamed"
    reactive.save_revision().publish()
    response = client.post(REACT, {"page": str(reactive.pk), "reaction": "remove:like"})
    assert response["Location"] == "/section/renamed/#social-reactions"


def test_bulk_deletes_stay_one_statement():
    """The generation listens to page models by name: a receiver for every model's deletions
    would make Django load and signal each row of a bulk or cascading delete (millions of
    reading records when a section goes) instead of sending one DELETE."""
    from django.db.models.deletion import Collector

    from wagtail_social.models import PageView

    collector = Collector(using="default")
    assert collector.can_fast_delete(PageView.objects.none())
    assert collector.can_fast_delete(Reaction.objects.none())
