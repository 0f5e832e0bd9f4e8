"""Changes of who may see what: the subtree re-indexed in the background, and excluded at once
until then (issue 12, "Permission-aware by construction")."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import PageViewRestriction

from tests.search.test_permissions import found, write
from tests.search.test_permissions import index as index  # noqa: F401  (fixture)
from tests.utils import add_page, restrict_to_groups
from wagtail_social.search import reindexing
from wagtail_social.search.pending import StaleAccess


@pytest.fixture
def tasks(settings):
    """A task backend that keeps what is enqueued (a worker would run it later)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = reindexing.reindex_items.get_backend()
    backend.results.clear()
    return backend


def enqueued(tasks) -> list[tuple[list[int], bool]]:
    """The re-indexings enqueued (other features enqueue their own tasks too)."""
    ours = reindexing.reindex_items.module_path
    return [
        (r.kwargs["page_ids"], r.kwargs["descendants"]) for r in tasks.results if r.task.module_path == ours
    ]


@pytest.fixture
def followed(article, community_page):
    """Nothing stale to begin with: the index followed every change so far."""
    with reindexing.reindexing():
        pass


def test_a_new_restriction_enqueues_its_subtree_once_committed(
    followed, section, members, tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = restrict_to_groups(section, members)
        assert enqueued(tasks) == []  # not before the commit
    assert enqueued(tasks) == [([section.pk], True)]
    assert list(StaleAccess.objects.values_list("page_id", flat=True)) == [section.pk]
    tasks.results.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.restriction_type = PageViewRestriction.LOGIN
        restriction.save()
    assert enqueued(tasks) == [([section.pk], True)]


def test_a_deleted_restriction_enqueues_without_hiding(
    followed, community, tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=community).delete()
    assert enqueued(tasks) == [([community.pk], True)]
    assert not StaleAccess.objects.exists()  # widened: stale tokens exclude too much, not too little


def test_a_move_enqueues_the_moved_subtree(
    followed, article, community, tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article.move(community, pos="last-child")
    assert enqueued(tasks) == [([article.pk], True)]
    assert list(StaleAccess.objects.values_list("page_id", flat=True)) == [article.pk]


def test_unpublishing_and_publishing_enqueue_the_page_alone(
    followed, article, tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert enqueued(tasks) == [([article.pk], False)]
    assert list(StaleAccess.objects.values_list("page_id", flat=True)) == [article.pk]
    tasks.results.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert enqueued(tasks) == [([article.pk], False)]


def test_a_group_change_of_a_user_or_a_restriction_needs_no_reindexing(
    followed, member, members, community, tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member.groups.remove(members)
        PageViewRestriction.objects.get(page=community).groups.clear()
    assert enqueued(tasks) == []


def test_reindex_subtree_is_the_hook_for_other_changes(
    followed, section, tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reindexing.reindex_subtree(section)
    assert enqueued(tasks) == [([section.pk], True)]


def test_a_restriction_added_is_excluded_at_once_until_reindexed(
    index,  # noqa: F811
    followed,
    section,
    article,
    members,
    member,
    outsider,
):
    write(index, {"article": article.pk, "section": section.pk})
    assert found(index, AnonymousUser()) == {"article", "section"}
    restrict_to_groups(section, members)  # the index still says "public"
    assert found(index, AnonymousUser()) == set()
    assert found(index, outsider) == set()
    assert found(index, member) == {"article", "section"}  # members pass the section now
    write(index, {"article": article.pk, "section": section.pk})  # the re-indexing, done
    assert not StaleAccess.objects.exists()
    assert found(index, outsider) == set()
    assert found(index, member) == {"article", "section"}


def test_a_page_moved_into_a_community_is_excluded_at_once(
    index,  # noqa: F811
    followed,
    article,
    community,
    member,
    outsider,
):
    below = add_page(article, "Below")
    write(index, {"article": article.pk, "below": below.pk})
    article.move(community, pos="last-child")
    assert found(index, outsider) == set()
    assert found(index, member) == {"article", "below"}


def test_an_unpublished_page_is_excluded_at_once(index, followed, article, superuser_user):  # noqa: F811
    write(index, {"article": article.pk})
    article.unpublish()
    assert found(index, superuser_user) == set()
    write(index, {"article": article.pk})  # re-indexed: found by nobody, for good
    assert not StaleAccess.objects.exists()
    assert found(index, superuser_user) == set()


def test_changes_made_during_a_reindexing_stay_listed(followed, section, members):
    with reindexing.reindexing([section.pk]):
        restrict_to_groups(section, members)
    assert list(StaleAccess.objects.values_list("page_id", flat=True)) == [section.pk]


def test_a_failed_reindexing_forgets_nothing(followed, section, members):
    restrict_to_groups(section, members)
    with pytest.raises(RuntimeError), reindexing.reindexing([section.pk]):
        raise RuntimeError("the index is locked")
    assert StaleAccess.objects.filter(page_id=section.pk).exists()


@pytest.fixture
def superuser_user(db):
    from tests.utils import make_user

    return make_user("boss", is_superuser=True)
