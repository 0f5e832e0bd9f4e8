"""What a person may not find, cached per segment (``wagtail_social.search.masks``) and searched
with searchers kept open (``readers``): every change of who may see what, and every commit, is
seen by the very next search of the backend — no cache hides it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from modelsearch.query import MATCH_ALL

from tests.search.library import rebuild
from tests.utils import add_page, make_comment, restrict_to_groups
from wagtail_social.models import SearchableComment
from wagtail_social.search import masks, permissions, readers, writer_tasks
from wagtail_social.search.pending import StaleAccess

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_caches():
    masks.clear()
    yield
    readers.close_all()
    masks.clear()


@pytest.fixture
def comments(backend, article, community, member, outsider):
    found = {
        "public": make_comment(article, outsider, "Formation sécurité au siège"),
        "private": make_comment(community, member, "Formation confidentielle du comité"),
    }
    rebuild()
    return found


def finds(backend, user, words: str = "formation") -> tuple[set[int], int]:
    results = backend.search(words, SearchableComment, user=user)
    return {comment.pk for comment in results[:10]}, results.count()


def reload(user):
    return type(user).objects.get(pk=user.pk)  # the next request's user


def test_a_group_membership_removed_or_added_is_seen_by_the_next_search(backend, comments, member, members):
    everything = {comments["public"].pk, comments["private"].pk}
    assert finds(backend, member) == (everything, 2)
    member.groups.remove(members)
    assert finds(backend, reload(member)) == ({comments["public"].pk}, 1)
    member.groups.add(members)
    assert finds(backend, reload(member)) == (everything, 2)


def test_a_new_restriction_is_seen_by_the_next_search(backend, comments, section, members, outsider, member):
    assert finds(backend, outsider)[1] == 1
    restrict_to_groups(section, members)  # the index still says "public" until re-indexed
    assert StaleAccess.objects.exists()
    assert finds(backend, outsider) == (set(), 0)
    assert finds(backend, AnonymousUser()) == (set(), 0)
    assert finds(backend, member)[1] == 2


def test_a_restriction_changed_in_place_is_seen_by_the_next_search(backend, comments, community, member):
    restriction = community.view_restrictions.get()
    assert finds(backend, member)[1] == 2
    restriction.groups.clear()  # nobody passes it now
    assert finds(backend, reload(member)) == ({comments["public"].pk}, 1)


def test_an_index_commit_is_seen_by_the_next_search(backend, comments, article, outsider):
    assert finds(backend, outsider)[1] == 1
    added = make_comment(article, outsider, "Formation incendie")
    writer_tasks.apply_update.call("wagtail_social.searchablecomment", [added.pk], writer_tasks.ADD)
    assert finds(backend, outsider) == ({comments["public"].pk, added.pk}, 2)


def test_a_private_community_written_later_stays_hidden(backend, comments, home, members, outsider, member):
    assert finds(backend, outsider)[1] == 1  # masks of the current segments are cached now
    later = add_page(home, "Later community")
    restrict_to_groups(later, members)
    hidden = make_comment(later, member, "Formation du comité restreint")
    writer_tasks.apply_update.call("wagtail_social.searchablecomment", [hidden.pk], writer_tasks.ADD)
    assert finds(backend, outsider) == ({comments["public"].pk}, 1)
    assert hidden.pk in finds(backend, member)[0]


def test_a_page_of_hits_and_its_count_come_from_one_exact_search(backend, comments, article, outsider):
    for number in range(30):
        make_comment(article, outsider, f"Formation numéro {number}")
    rebuild()
    results = backend.search("formation", SearchableComment, user=outsider)
    page = list(results[:3])
    assert len(page) == 3
    assert results.count() == 31 == len(list(backend.search("formation", SearchableComment, user=outsider)))
    everything = backend.search(MATCH_ALL, SearchableComment, user=outsider)
    assert everything.count() == 31  # asked first: the run collects the first hits too
    again = backend.search(MATCH_ALL, SearchableComment, user=outsider)
    assert [c.pk for c in everything[:5]] == [c.pk for c in again[:5]]


def test_the_mask_is_cached_per_segment_and_per_what_the_person_passes(backend, comments, member, outsider):
    finds(backend, outsider)
    finds(backend, member)
    assert len(masks._segments) == 2  # one index segment, two people passing different tokens
    finds(backend, outsider)
    assert len(masks._segments) == 2


def test_the_segment_cache_is_bounded(backend, comments, member, outsider, monkeypatch):
    monkeypatch.setattr(masks, "MAX_SEGMENT_SETS", 1)
    finds(backend, outsider)
    finds(backend, member)
    assert len(masks._segments) == 1
    assert finds(backend, outsider)[1] == 1


def test_access_is_read_once_for_every_index_searched(backend, comments, member, django_assert_num_queries):
    results = backend.search("formation", SearchableComment, user=member)
    # the person's groups, the restrictions they pass, the stale subtrees: once for both
    # language indexes; then the hits.
    with django_assert_num_queries(4):
        assert len(list(results[:10])) == 2
    assert permissions.Access(frozenset(), ()).allowed({"public": (), "r1": (1,), "r1+r2": (1, 2)}) == (
        "public",
    )
