"""The backend's side of the store's writer: rows turned into documents, written by one writer.

The backend never writes in the request that changed a row: ``add``, ``add_bulk`` and ``delete``
(Wagtail's auto-update, the core's re-index calls) enqueue ``(model label, pks, action)`` with
:func:`wagtail_social.search.writer_tasks.enqueue_update`, once the transaction commits, and the
task hands the index's writer to :func:`apply` through the :class:`~.writer_tasks.Indexer` the
backend registers (:func:`register`). :func:`apply` re-reads the rows, so it is idempotent and
converges to the database: a row deleted, no longer searchable, or moved to another language's
index loses its document here. A rebuild writes through :func:`documents` directly.

:func:`subtree` lists what a change of the view rules over some pages asks to re-index (the
documents the index holds under them, and the searchable rows the database has under them), and
:func:`database_counts` what ``social_search_check`` compares the index with.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.db.models import Q
from modelsearch.index import class_is_indexed, get_indexed_models
from wagtail.models import Page

from wagtail_social.features import searchable_items, searchables

from . import adapter, context, permissions, schema, writer_tasks

logger = logging.getLogger("wagtail_social.search")

CHUNK = 500


def indexed_label(item) -> str:
    """The model ``item`` is indexed as: a page's specific class (read from its content type,
    no query), else its own."""
    if isinstance(item, Page):
        return schema.model_label(item.specific_class or type(item))
    return schema.model_label(type(item))


def add_missing_fields(writer, wanted) -> None:
    """A model added since the index was built brings fields the index lacks: add them."""
    for name, fieldtype in wanted.items():
        if name not in writer.schema:
            writer.add_field(name, fieldtype)


def documents(model, items: list, default_language: str) -> tuple[dict[str, list[dict]], list[str]]:
    """(language → documents, ids of the items their feature does not let be found)."""
    if not items:
        return {}, []
    allowed = context.searchable_pks(model, items)
    described = context.describe(items, default_language)
    found, refused = defaultdict(list), []
    for item in items:
        if allowed is not None and item.pk not in allowed:
            refused.append(schema.document_id(item))
            continue
        item_context = described[id(item)]
        found[item_context.language].append(schema.document(item, item_context.as_dict()))
    return found, refused


def _chunks(pks: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(pks), size):
        yield pks[start : start + size]


def apply(backend, writer, index_name: str, model_label: str, pks, action: str) -> None:
    """Write rows ``pks`` of ``model_label`` into ``index_name``'s ``writer`` as they are now:
    documents for the rows searchable in that language, deletions for all the others."""
    model = apps.get_model(model_label)
    add_missing_fields(writer, schema.language_schema(index_name))
    for chunk in _chunks([str(pk) for pk in pks]):
        written = set()
        if action == writer_tasks.ADD and class_is_indexed(model):
            items = list(model.get_indexed_objects().filter(pk__in=chunk))
            found, _refused = documents(model, items, backend.default_language)
            for doc in found.get(index_name, []):
                writer.update_document(**doc)
                written.add(doc["pk"])
        for pk in chunk:
            if pk not in written:
                writer.delete_by_term("id", schema.document_id(model(pk=pk)))


def _database_items(model) -> Iterable:
    """The rows of ``model`` the index should hold: its indexed objects that its feature lets
    be found (a model's ``get_indexed_objects()`` may or may not narrow them already)."""
    queryset = model.get_indexed_objects()
    if context.declarations(model):
        declared = context.model_declared(model)
        allowed = searchable_items(declared, declared._default_manager.all()).values("pk")
        queryset = queryset.filter(pk__in=allowed)
    return queryset.order_by("pk")


def database_counts(backend, index_name: str) -> dict[str, int]:
    """Searchable rows per model label that belong in ``index_name`` (the health check)."""
    counts: dict[str, int] = {}
    for model in get_indexed_models():
        label, total = schema.model_label(model), 0
        queryset = _database_items(model)
        for start in range(0, queryset.count(), CHUNK):
            items = list(queryset[start : start + CHUNK])
            described = context.describe(items, backend.default_language, with_access=False)
            total += sum(1 for item in items if described[id(item)].language == index_name)
        if total:
            counts[label] = total
    return counts


def _pages_under(page_ids: list[int], descendants: bool):
    pages = Page.objects.filter(pk__in=page_ids)
    if not descendants:
        return pages
    paths = list(pages.values_list("path", flat=True))
    if not paths:
        return Page.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Page.objects.filter(condition)


def subtree(backend, page_ids: list[int], descendants: bool) -> dict[str, list]:
    """Model label → pks to re-index after the view rules over ``page_ids`` changed: the
    documents the indexes hold on those pages (or below, with ``descendants``), found by their
    page tokens, and the searchable rows of the database on them now (a page published again
    brings its comments back)."""
    wanted: dict[str, set] = defaultdict(set)
    if not any(backend.store(language).exists() for language in backend.languages()):
        return {}  # no index yet: the rebuild that creates one reads the database
    field = permissions.ACCESS_FIELD if descendants else "page_id"
    terms = [permissions.page_token(pk) if descendants else str(pk) for pk in page_ids]
    for language in backend.languages():
        store = backend.store(language)
        if not store.exists():
            continue
        with store.searcher() as searcher:
            if field not in searcher.schema:
                continue
            query = adapter.query.Or([adapter.query.Term(field, term) for term in terms])
            for docnum in searcher.docs_for_query(query):
                stored = searcher.stored_fields(docnum)
                label = stored.get(schema.MODEL) or stored["id"].rsplit(":", 1)[0]
                wanted[label].add(stored["pk"])
    pages = _pages_under(page_ids, descendants)
    page_set = set(pages.values_list("pk", flat=True))
    for pk, content_type_id in pages.values_list("pk", "content_type_id"):
        model = _page_model(content_type_id)
        if model is not None and class_is_indexed(model):
            wanted[schema.model_label(model)].add(str(pk))
    if page_set:
        for model in {searchable.model for _feature, searchable in searchables()}:
            if not class_is_indexed(model):
                continue
            label, queryset = schema.model_label(model), _database_items(model)
            for start in range(0, queryset.count(), CHUNK):
                items = list(queryset[start : start + CHUNK])
                described = context.describe(items, backend.default_language, with_access=False)
                wanted[label].update(
                    str(item.pk) for item in items if described[id(item)].page_id in page_set
                )
    return {label: sorted(pks) for label, pks in wanted.items()}


def _page_model(content_type_id: int):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_id(content_type_id).model_class()


def register(backend) -> writer_tasks.Indexer:
    """Make ``backend`` the one the store's writer tasks write for."""
    indexer = writer_tasks.Indexer(
        index_names=backend.languages,
        apply=lambda writer, index_name, label, pks, action: apply(
            backend, writer, index_name, label, pks, action
        ),
        database_counts=lambda index_name: database_counts(backend, index_name),
        store=backend.store,
        subtree=lambda page_ids, descendants: subtree(backend, page_ids, descendants),
    )
    writer_tasks.register_indexer(indexer)
    return indexer
