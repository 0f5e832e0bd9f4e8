"""The health of an index, as ``manage.py social_search_check`` reports it.

Per index: its generation and last commit, the write lock (free, held, stale: see
:mod:`wagtail_social.search.store`), the updates kept for a later write, and documents per model
against the database's searchable rows (the backend's :class:`~.writer_tasks.Indexer` gives both
counts; without one, the documents found in the index per model, with no comparison).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from . import adapter
from .conf import settings
from .locks import STALE, LockState
from .models import PendingIndexUpdate
from .store import IndexStore
from .writer_tasks import MODEL_FIELD, get_indexer


@dataclass
class ModelCount:
    label: str
    documents: int
    database: int | None  # None: no indexer told us

    @property
    def matches(self) -> bool:
        return self.database is None or self.database == self.documents


@dataclass
class IndexHealth:
    name: str
    generation: int | None = None
    last_update: datetime | None = None
    lock: LockState | None = None
    pending: int = 0
    models: list[ModelCount] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


def index_names() -> list[str]:
    """The indexes the backend declares, else the ones found in ``INDEX_DIR``."""
    indexer = get_indexer()
    if indexer is not None:
        return list(indexer.index_names())
    root = settings.INDEX_DIR
    if not root.is_dir():
        return []
    return sorted(entry.name for entry in root.iterdir() if IndexStore(entry.name, root).generation_name())


def documents_per_model(searcher, index_name: str) -> dict[str, int]:
    """Live (not deleted) documents per model label in an open searcher."""
    indexer = get_indexer()
    if indexer is not None and indexer.index_counts is not None:
        return dict(indexer.index_counts(searcher, index_name))
    if MODEL_FIELD not in searcher.schema:
        return {"": searcher.doc_count()}
    counts = {}
    for term in searcher.lexicon(MODEL_FIELD):
        label = term.decode() if isinstance(term, bytes) else term
        counts[label] = sum(1 for _docnum in searcher.docs_for_query(adapter.query.Term(MODEL_FIELD, label)))
    return {label: count for label, count in counts.items() if count}


def inspect(store: IndexStore) -> IndexHealth:
    report = IndexHealth(store.name)
    report.pending = PendingIndexUpdate.objects.filter(index_name=store.name).count()
    if report.pending:
        report.problems.append(_("%(count)d index updates wait to be written.") % {"count": report.pending})
    if not store.exists():
        report.problems.append(_("The index does not exist: run update_index."))
        return report
    report.generation = store.generation()
    report.last_update = store.last_update()
    try:
        report.lock = store.lock_state()
        with store.searcher() as searcher:
            documents = documents_per_model(searcher, store.name)
    except Exception as error:  # noqa: BLE001 - reported, not raised: the check must finish
        report.problems.append(_("The index cannot be read: %(error)s") % {"error": error})
        return report
    if report.lock.state == STALE:
        report.problems.append(_("The write lock is stale: a writer holds it and makes no progress."))
    indexer = get_indexer()
    database = {}
    if indexer is not None and indexer.database_counts is not None:
        database = dict(indexer.database_counts(store.name))
    for label in sorted(set(documents) | set(database)):
        count = ModelCount(label, documents.get(label, 0), database.get(label) if database else None)
        report.models.append(count)
        if not count.matches:
            report.problems.append(
                _("%(model)s: %(documents)d documents in the index, %(rows)d searchable in the database.")
                % {"model": label, "documents": count.documents, "rows": count.database}
            )
    return report
