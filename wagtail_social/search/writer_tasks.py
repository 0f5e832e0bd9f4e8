"""Index updates, written by one writer through Django's task framework, never lost silently.

A change to a searchable row enqueues ``(model label, primary keys, action)`` once its
transaction commits (:func:`enqueue_update`). The task (:func:`apply_update`, run by the worker
of the ``TASKS`` backend; at once with the immediate backend) opens each index's writer — which
waits for the lock and retries, see :mod:`wagtail_social.search.store` — and hands the writer to
the backend's :class:`Indexer`, which turns the rows into documents. The store knows nothing of
models; the backend registers its indexer once (:func:`register_indexer`).

An update that still fails is logged (logger ``wagtail_social.search``) and kept as a
:class:`~wagtail_social.search.models.PendingIndexUpdate`; the next successful write of that
index, the end of a rebuild, or ``manage.py social_search_maintain --retry`` writes it again. An
update written while a rebuild builds the next generation is kept too, and written again into
the new generation once it is current (the rebuild may have read that row before the change).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .models import PendingIndexUpdate
from .store import IndexStore, generation_swapped

logger = logging.getLogger("wagtail_social.search")

ADD, DELETE = "add", "delete"
ACTIONS = (ADD, DELETE)
#: The keyword field holding a document's model label (``app_label.model_name``); with no
#: ``index_counts`` in the indexer, ``social_search_check`` counts documents per model by it.
MODEL_FIELD = "model_label"
RETRY_BATCH = 200  # pending updates written again per write


@dataclass(frozen=True)
class Indexer:
    """How the backend turns rows into documents, registered once with :func:`register_indexer`.

    * ``index_names()``: the indexes an update goes to (one per language of the site);
    * ``apply(writer, index_name, model_label, pks, action)``: write those rows into the whoosh
      ``writer``. It must be idempotent and converge to the database: for ``add``, rows no longer
      searchable (deleted, unpublished…) lose their documents; for ``delete``, documents go;
    * ``database_counts(index_name)``: searchable rows per model label, for the health check;
    * ``index_counts(searcher, index_name)``: documents per model label in that index (default:
      counted on :data:`MODEL_FIELD`);
    * ``store(index_name)``: the :class:`IndexStore` of that index (default: in ``INDEX_DIR``;
      the backend's own folder when its alias sets one);
    * ``subtree(page_ids, descendants)``: model label → pks to write again when the view rules
      over those pages changed (:func:`wagtail_social.search.reindexing.refresh_items`).
    """

    index_names: Callable[[], Iterable[str]]
    apply: Callable[[Any, str, str, Sequence, str], None]
    database_counts: Callable[[str], Mapping[str, int]] | None = None
    index_counts: Callable[[Any, str], Mapping[str, int]] | None = None
    store: Callable[[str], IndexStore] | None = None
    subtree: Callable[[list, bool], Mapping[str, Sequence]] | None = None


_indexer: Indexer | None = None


def register_indexer(indexer: Indexer | None) -> Indexer | None:
    """Make ``indexer`` the one the writer uses (None: none); returns the previous one."""
    global _indexer
    previous, _indexer = _indexer, indexer
    return previous


def get_indexer() -> Indexer | None:
    return _indexer


def store_for(index_name: str) -> IndexStore:
    """The store of ``index_name``: the registered indexer's, else the one in ``INDEX_DIR``."""
    indexer = get_indexer()
    if indexer is not None and indexer.store is not None:
        return indexer.store(index_name)
    return IndexStore(index_name)


def enqueue_update(model_label: str, pks: Iterable, action: str = ADD) -> None:
    """Have the index follow a change of these rows, once the current transaction commits (a
    rolled-back change is never indexed; the worker reads committed rows)."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown index action {action!r}.")
    pks = list(pks)
    if pks:
        transaction.on_commit(lambda: apply_update.enqueue(model_label, pks, action))


@task()
def apply_update(model_label: str, pks: list, action: str) -> int:
    """Write one update into every index; returns how many indexes kept it for later."""
    indexer = get_indexer()
    if indexer is None:
        return 0
    failed = 0
    for index_name in indexer.index_names():
        if not write(index_name, model_label, pks, action):
            failed += 1
    return failed


@task()
def retry_pending_updates(index_name: str) -> int:
    """Write the kept updates of one index again; returns how many are still kept."""
    retry_pending(index_name)
    return PendingIndexUpdate.objects.filter(index_name=index_name).count()


def write(
    index_name: str, model_label: str, pks: Sequence, action: str, store: IndexStore | None = None
) -> bool:
    """Write one update into one index; False when it failed and was kept for later."""
    indexer = get_indexer()
    store = store or store_for(index_name)
    update = {"index_name": index_name, "model_label": model_label, "pks": list(pks), "action": action}
    if not store.exists():
        if store.rebuilding():  # the first generation is being built: replay after the swap
            PendingIndexUpdate.objects.create(**update)
        return True  # no index yet: the rebuild that creates it reads the database
    journalled = None
    try:
        with store.writer() as writer:
            if store.rebuilding():
                journalled = PendingIndexUpdate.objects.create(**update)
            indexer.apply(writer, index_name, model_label, pks, action)
    except Exception as error:
        logger.exception(
            "Index %s: %s of %s %s failed; kept for the next write.", index_name, action, model_label, pks
        )
        kept = journalled or PendingIndexUpdate(**update)
        kept.attempts += 1
        kept.failed_at = timezone.now()
        kept.last_error = f"{type(error).__name__}: {error}"[:2000]
        kept.save()
        return False
    if journalled is None:
        retry_pending(index_name, store)
    return True


def retry_pending(index_name: str, store: IndexStore | None = None, limit: int = RETRY_BATCH) -> int:
    """Write up to ``limit`` kept updates of one index in one commit; returns how many went.
    Nothing is written while a rebuild runs: the swap replays them into the new generation."""
    indexer = get_indexer()
    rows = list(PendingIndexUpdate.objects.filter(index_name=index_name).order_by("pk")[:limit])
    if indexer is None or not rows:
        return 0
    store = store or store_for(index_name)
    if not store.exists():
        return 0
    ids = [row.pk for row in rows]
    try:
        with store.writer() as writer:
            if store.rebuilding():
                raise _Postponed
            for row in rows:
                indexer.apply(writer, index_name, row.model_label, row.pks, row.action)
    except _Postponed:
        return 0
    except Exception as error:
        logger.exception("Index %s: writing %d kept updates failed again.", index_name, len(rows))
        PendingIndexUpdate.objects.filter(pk__in=ids).update(
            attempts=F("attempts") + 1,
            failed_at=timezone.now(),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return 0
    PendingIndexUpdate.objects.filter(pk__in=ids).delete()
    logger.info("Index %s: %d kept updates written.", index_name, len(rows))
    return len(rows)


class _Postponed(Exception):
    """A rebuild started: the kept updates wait for its swap (the writer is cancelled)."""


def _replay_after_swap(sender, store: IndexStore, generation: str, **kwargs) -> None:
    # The writer's tasks are enqueued after the rebuild's transaction (if any) commits.
    if get_indexer() is None or Path(store.path) != Path(store_for(store.name).path):
        return  # not an index the writer tasks write (another folder: a test's, a tool's)
    transaction.on_commit(lambda: retry_pending_updates.enqueue(store.name))


generation_swapped.connect(_replay_after_swap, dispatch_uid="wagtail_social.search.replay_after_swap")
