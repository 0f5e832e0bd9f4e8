"""Following changes of who may see what: the subtree's items re-indexed in the background.

The access module sends :data:`~wagtail_social.access.restrictions.view_rules_changed` when the
view rules over a page change (a restriction created, changed or deleted, a page moved,
published, unpublished or deleted). Here, in the change's own transaction, a change that may
hide something from someone is listed as :class:`~wagtail_social.search.pending.StaleAccess`
(the query-time filter excludes the subtree from whoever may not see it now: see
:mod:`wagtail_social.search.permissions`); once the transaction commits, the re-indexing of the
subtree's items (or of the page's own items, for a page published or unpublished) is handed to
the task framework through :func:`enqueue_reindex`. When it is done, the listed changes it saw
are deleted (:func:`reindexing`).

A group change of a user needs no re-indexing: tokens name restrictions, not people, and who
passes a restriction is decided at query time. A restriction's groups changed: likewise.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django_tasks import task
from wagtail.models import Page

from wagtail_social.access import restrictions

from .pending import StaleAccess

logger = logging.getLogger(__name__)


def reindex_subtree(page: Page | int, *, narrows: bool = True) -> None:
    """Re-index the items of ``page`` and its descendants in the background. With ``narrows``
    (someone may have lost sight of them), searches exclude them from whoever may not see
    ``page`` now until that is done. Call it inside the change's transaction, if any."""
    _follow(page if isinstance(page, int) else page.pk, descendants=True, narrows=narrows)


def reindex_page(page: Page | int, *, narrows: bool = True) -> None:
    """Like :func:`reindex_subtree`, for the page's own items only (published, unpublished)."""
    _follow(page if isinstance(page, int) else page.pk, descendants=False, narrows=narrows)


def _follow(page_id: int, descendants: bool, narrows: bool) -> None:
    if narrows:
        StaleAccess.objects.create(page_id=page_id)
    transaction.on_commit(lambda: enqueue_reindex([page_id], descendants=descendants))


def enqueue_reindex(page_ids: list[int], descendants: bool = True) -> None:
    """Hand the re-indexing of these pages' items (with their descendants' if ``descendants``)
    to the task framework (:func:`reindex_items`, which writes through the store's writer)."""
    reindex_items.enqueue(page_ids=list(page_ids), descendants=descendants)


@task()
def reindex_items(page_ids: list[int], descendants: bool = True) -> bool:
    """Re-index the items of these pages, then forget the changes it followed; True if done.

    The listed changes seen when it starts are deleted only after the re-indexing succeeded:
    a change made meanwhile stays listed for its own task, and a failure (logged, raised for
    the task framework to retry) leaves the subtree excluded, never exposed."""
    with reindexing(page_ids) as done:
        done["refreshed"] = refresh_items(page_ids, descendants)
    return done["refreshed"]


def refresh_items(page_ids: list[int], descendants: bool) -> bool:
    """Write the current tokens of the items of ``page_ids`` (and of their subtrees if
    ``descendants``) into every index, dropping the items no longer searchable (a page gone,
    unpublished) and bringing back those searchable again; True once every write succeeded.

    What to write comes from the backend's indexer (``Indexer.subtree``: the documents whose
    page tokens name those pages, and the database's searchable rows on them); the writes go
    through the store's writer (:func:`writer_tasks.write`). A write that fails is kept for
    later by the store, and this returns False: the changes stay listed, so their subtrees stay
    excluded from whoever may not see them until a later re-indexing or rebuild."""
    from . import writer_tasks

    indexer = writer_tasks.get_indexer()
    if indexer is None or indexer.subtree is None:
        logger.warning("Search: no whoosh indexer registered; pages %s not re-indexed.", page_ids)
        return False
    updates = indexer.subtree(list(page_ids), descendants)
    done = True
    for index_name in indexer.index_names():
        for model_label, pks in updates.items():
            if pks and not writer_tasks.write(index_name, model_label, list(pks), writer_tasks.ADD):
                done = False
    return done


@contextmanager
def reindexing(page_ids: Iterable[int] | None = None) -> Iterator[dict]:
    """Wrap a re-indexing of the items of ``page_ids`` (None: the whole index, a rebuild): the
    changes listed for those pages when it starts are deleted when it ends with
    ``done["refreshed"]`` true (the default), none if it raises."""
    seen = StaleAccess.objects.all()
    if page_ids is not None:
        seen = seen.filter(page_id__in=list(page_ids))
    seen_ids = list(seen.values_list("pk", flat=True))
    done = {"refreshed": True}
    yield done
    if done["refreshed"] and seen_ids:
        StaleAccess.objects.filter(pk__in=seen_ids).delete()


def _on_view_rules_changed(sender, page_id: int, descendants: bool, narrows: bool, **kwargs) -> None:
    _follow(page_id, descendants=descendants, narrows=narrows)


def connect() -> None:
    """Follow the access module's changes; called once, from the app's ``ready()``."""
    restrictions.connect()
    restrictions.view_rules_changed.connect(
        _on_view_rules_changed, dispatch_uid="wagtail_social.search.reindexing"
    )
