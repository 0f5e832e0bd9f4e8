"""The whoosh backend kept current (issue 12): Wagtail's auto-update and the core's re-index
calls go through the store's one writer once the transaction commits; ``social_search_check``
compares the index with the database; a change of the view rules re-indexes the subtree; an
unpublished or deleted page takes its items out of the index."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page

from tests.contributions_helpers import make_contribution
from tests.search.library import rebuild
from tests.utils import add_page, make_comment, make_user, restrict_to_groups
from wagtail_social.contributions.models import IDEA, Contribution
from wagtail_social.models import SearchableComment
from wagtail_social.search import adapter, permissions, schema, writer_tasks
from wagtail_social.search.models import PendingIndexUpdate
from wagtail_social.search.pending import StaleAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(backend, settings):
    """The whoosh alias with Wagtail's auto-update on, as a site runs it."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"},
        "social": {"BACKEND": "wagtail_social.search.backend", "DEFAULT_LANGUAGE": "fr"},
    }
    return backend


@pytest.fixture
def superuser(db):
    return make_user("boss", is_superuser=True, is_staff=True)


def found(backend, user, words="formation") -> set:
    """What ``user`` finds among comments and contributions (the count agrees)."""
    hits = set()
    for model in (SearchableComment, Contribution):
        results = backend.search(words, model, user=user)
        hits |= {(model.__name__, item.pk) for item in results}
        assert results.count() == len([key for key in hits if key[0] == model.__name__])
    return hits


def key(item) -> tuple[str, int]:
    model = Contribution if isinstance(item, Contribution) else SearchableComment
    return (model.__name__, item.pk)


def document_tokens(backend, item, language="en") -> set[str] | None:
    """The access tokens of ``item``'s document (None: not in the index)."""
    is_comment = not isinstance(item, (Page, Contribution))
    document_id = schema.document_id(SearchableComment(pk=item.pk) if is_comment else item)
    with backend.store(language).searcher() as searcher:
        docnum = searcher.document_number(id=document_id)
        if docnum is None:
            return None
        return {
            token.decode()
            for token in searcher.lexicon(permissions.ACCESS_FIELD)
            if docnum
            in set(searcher.docs_for_query(adapter.query.Term(permissions.ACCESS_FIELD, token.decode())))
        }


# Writes through the store's writer, after commit


def test_changes_are_written_by_the_writer_task_once_committed(
    live, article, outsider, django_capture_on_commit_callbacks
):
    rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(article, outsider, "Formation télétravail")
        idea = make_contribution(article, outsider, IDEA, title="Formation au télétravail")
        assert found(live, outsider, "teletravail") == set()  # nothing written in the request
    assert found(live, outsider, "teletravail") == {key(comment), key(idea)}
    with django_capture_on_commit_callbacks(execute=True):
        idea.delete()
        comment.delete()
    assert found(live, outsider, "teletravail") == set()


def test_a_save_while_the_index_is_locked_succeeds_and_its_update_is_kept(
    live, article, outsider, django_capture_on_commit_callbacks
):
    rebuild()
    store = live.store("en")
    with (
        override_settings(
            WAGTAIL_SOCIAL_SEARCH_LOCK_TIMEOUT_SECONDS=1, WAGTAIL_SOCIAL_SEARCH_WRITE_ATTEMPTS=1
        ),
        store.writer(),  # another writer holds the lock
        django_capture_on_commit_callbacks(execute=True),
    ):
        idea = make_contribution(article, outsider, IDEA, title="Formation verrouillée")
    kept = PendingIndexUpdate.objects.get(index_name="en")
    assert (kept.model_label, kept.pks, kept.action) == (
        "wagtail_social_contributions.contribution",
        [idea.pk],
        "add",
    )
    assert found(live, outsider, "verrouillee") == set()
    call_command("social_search_maintain", "--retry", stdout=None)
    assert found(live, outsider, "verrouillee") == {key(idea)}
    assert not PendingIndexUpdate.objects.exists()


def test_social_search_check_compares_documents_per_model_with_the_database(
    backend, article, community_page, outsider, member, capsys
):
    make_comment(article, outsider, "Formation sécurité")
    make_contribution(community_page, member, IDEA, title="Formation confidentielle")
    make_comment(article, outsider, "Retiré", is_removed=True)  # not searchable: not counted
    rebuild()
    call_command("social_search_check", verbosity=0)
    output = capsys.readouterr().out
    assert "wagtail_social.searchablecomment: 1 documents, 1 in the database" in output
    assert "wagtail_social_contributions.contribution: 1 documents, 1 in the database" in output
    pages = Page.objects.filter(content_type__model="plainpage").count()
    assert f"testapp.plainpage: {pages} documents, {pages} in the database" in output
    # A comment the index missed ("social" does not follow saves in the tests' settings).
    make_comment(article, outsider, "Formation oubliée")
    with pytest.raises(CommandError, match="Unhealthy search indexes: en"):
        call_command("social_search_check", verbosity=0)
    assert "wagtail_social.searchablecomment: 1 documents in the index, 2 searchable in the database" in (
        capsys.readouterr().out
    )


# Re-indexing after a change of the view rules


def test_a_restriction_added_excludes_at_once_then_the_task_writes_the_new_tokens(
    backend, section, article, members, member, outsider, django_capture_on_commit_callbacks
):
    comment = make_comment(article, outsider, "Formation sécurité")
    idea = make_contribution(article, outsider, IDEA, title="Formation incendie")
    rebuild()
    assert not StaleAccess.objects.exists()
    everything = {key(comment), key(idea)}
    assert found(backend, outsider) == found(backend, AnonymousUser()) == everything
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        restriction = restrict_to_groups(section, members)
    # Excluded at once: the index still says "public", the stale list says otherwise.
    assert StaleAccess.objects.filter(page_id=section.pk).exists()
    assert permissions.PUBLIC in document_tokens(backend, comment)
    assert found(backend, outsider) == found(backend, AnonymousUser()) == set()
    assert found(backend, member) == everything
    for callback in callbacks:  # the commit: the re-indexing task runs (immediate backend)
        callback()
    assert not StaleAccess.objects.exists()
    new_rule = permissions.rule_token([restriction.pk])
    for item in (comment, idea):
        assert new_rule in document_tokens(backend, item)
        assert permissions.PUBLIC not in document_tokens(backend, item)
    assert backend.search("article", Page, user=outsider).count() == 0
    assert found(backend, outsider) == found(backend, AnonymousUser()) == set()
    assert found(backend, member) == everything


def test_without_a_whoosh_indexer_the_task_keeps_the_subtree_excluded(section, members, outsider):
    from wagtail_social.search import reindexing

    restrict_to_groups(section, members)
    previous = writer_tasks.register_indexer(None)
    try:
        assert reindexing.reindex_items.call(page_ids=[section.pk], descendants=True) is False
    finally:
        writer_tasks.register_indexer(previous)
    assert StaleAccess.objects.filter(page_id=section.pk).exists()


# Unpublished and deleted pages


def test_an_unpublished_page_loses_its_items_and_gets_them_back_when_published(
    live, section, outsider, superuser, django_capture_on_commit_callbacks
):
    page = add_page(section, "Formation au siège")
    comment = make_comment(page, outsider, "Formation le lundi")
    idea = make_contribution(page, outsider, IDEA, title="Formation en ligne")
    rebuild()
    assert found(live, superuser) == {key(comment), key(idea)}
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert found(live, superuser) == set()
    assert backend_pages(live, superuser, "siege") == set()
    assert document_tokens(live, comment) is None and document_tokens(live, idea) is None
    page_document = Page.objects.get(pk=page.pk).specific
    assert permissions.NOBODY in document_tokens(live, page_document)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=page.pk).get_latest_revision().publish()
    assert found(live, superuser) == {key(comment), key(idea)}
    assert backend_pages(live, superuser, "siege") == {page.pk}


def backend_pages(backend, user, words) -> set[int]:
    return {found_page.pk for found_page in backend.search(words, Page, user=user)}


def test_a_deleted_page_takes_its_comments_and_contributions_out_of_the_index(
    live, section, outsider, superuser, django_capture_on_commit_callbacks
):
    page = add_page(section, "Formation annulée")
    below = add_page(page, "Sous-page")
    comment = make_comment(page, outsider, "Formation annulée, dommage")
    reply = make_comment(below, outsider, "Formation de la sous-page")
    idea = make_contribution(below, outsider, IDEA, title="Formation reportée")
    rebuild()
    assert found(live, superuser) == {key(comment), key(reply), key(idea)}
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=page.pk).delete()
    for item in (comment, reply, idea):
        assert document_tokens(live, item) is None
    assert found(live, superuser) == set()
    assert backend_pages(live, superuser, "formation") == set()
