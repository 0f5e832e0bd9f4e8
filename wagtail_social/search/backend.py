"""The Wagtail search backend on whoosh: ``"BACKEND": "wagtail_social.search.backend"``.

Wagtail 8's search API is modelsearch's. Configure it in ``WAGTAILSEARCH_BACKENDS``::

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail_social.search.backend",
            # optional: a folder for this alias (default: WAGTAIL_SOCIAL_SEARCH_INDEX_DIR)
            "INDEX_DIR": "/var/lib/intranet/search",
            # optional: the index of objects with no page and no locale (default: LANGUAGE_CODE)
            "DEFAULT_LANGUAGE": "fr",
        }
    }

One index per language of the site (``WAGTAIL_CONTENT_LANGUAGES``, else ``LANGUAGES``), each
in its own :class:`~wagtail_social.search.store.IndexStore` and analysed for its language. A
page goes to the index of its locale; an item of a searchable feature to its page's; any other
model to its own ``locale``'s, else to the default language's.

Searching for a person: ``backend.search(query, model_or_queryset, user=request.user)`` (and
``backend.autocomplete(...)``) apply :func:`wagtail_social.search.permissions.search_filter`;
``user=None`` is an anonymous visitor. Without ``user`` the search is not filtered, as with
Wagtail's own backends (the admin, system tasks): front-end views must pass ``user``.
``language="fr"`` searches one language's index instead of all of them; ``section=page`` the
items of that page and of the pages below it (the ``ancestors`` field).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from contextlib import ExitStack, contextmanager
from pathlib import Path

from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.index import class_is_indexed

from . import context, schema
from .compiler import UNFILTERED, WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .conf import settings
from .results import WhooshSearchResults
from .store import IndexStore


@functools.cache
def language_schema(language: str):
    """The schema of ``language``'s index (models don't change while the process runs)."""
    return schema.build_schema(language)


def _add_missing_fields(writer, wanted) -> None:
    """A model added since the index was built brings fields the index lacks: add them."""
    for name, fieldtype in wanted.items():
        if name not in writer.schema:
            writer.add_field(name, fieldtype)


class WhooshIndex(BaseIndex):
    """Every language index of the backend, seen as ONE modelsearch index: the rebuild command
    rebuilds per index, and an item's language decides which of the stores it goes to."""

    def get_key(self):
        return f"whoosh:{self.backend.root}"

    def __str__(self):
        return f"whoosh indexes in {self.backend.root}"

    @contextmanager
    def writer(self, language: str):
        store = self.backend.store(language)
        if not store.exists():
            store.create(language_schema(language))
        with store.writer() as writer:
            _add_missing_fields(writer, language_schema(language))
            yield writer

    def add_items(self, model, items):
        if not class_is_indexed(model):
            return
        items = list(items)
        if not items:
            return
        allowed = context.searchable_pks(model, items)
        described = context.describe(items, self.backend.default_language)
        documents, refused = defaultdict(list), []
        for item in items:
            if allowed is not None and item.pk not in allowed:
                refused.append(schema.document_id(item))
                continue
            item_context = described[id(item)]
            documents[item_context.language].append(schema.document(item, item_context.as_dict()))
        for language, docs in documents.items():
            with self.writer(language) as writer:
                for doc in docs:
                    writer.update_document(**doc)
            self._remove({doc["id"] for doc in docs}, except_language=language)
        self._remove(set(refused))

    def delete_item(self, item):
        if class_is_indexed(type(item)):
            self._remove({schema.document_id(item)})

    def _remove(self, document_ids: set[str], except_language: str | None = None) -> None:
        """Delete documents from every index holding them (an item whose page changed language
        moves); an index is opened for writing only if it holds one of them."""
        if not document_ids:
            return
        for language in self.backend.languages():
            store = self.backend.store(language)
            if language == except_language or not store.exists():
                continue
            with store.open().searcher() as searcher:
                present = [
                    doc_id for doc_id in document_ids if searcher.document_number(id=doc_id) is not None
                ]
            if present:
                with store.writer() as writer:
                    for doc_id in present:
                        writer.delete_by_term("id", doc_id)

    def reset(self):
        for language in self.backend.languages():
            with self.backend.store(language).rebuild(language_schema(language)):
                pass


class RebuildingIndex(WhooshIndex):
    """The index a rebuild writes into: new indexes beside the current ones, swapped in when
    the rebuild finishes (searches answer from the current ones until then)."""

    def __init__(self, backend, writers):
        super().__init__(backend)
        self.writers = writers

    @contextmanager
    def writer(self, language: str):
        yield self.writers[language]

    def _remove(self, document_ids, except_language=None):
        for doc_id in document_ids:  # only a refused item reaches here: it is simply not written
            for writer in self.writers.values():
                writer.delete_by_term("id", doc_id)


class WhooshRebuilder:
    """``rebuild_modelsearch_index`` / ``update_index``: ``start()`` opens a new index per
    language through ``IndexStore.rebuild()``, ``finish()`` commits them and swaps them in."""

    def __init__(self, index):
        self.index = index
        self.stack = ExitStack()

    def start(self):
        backend = self.index.backend
        writers = {
            language: self.stack.enter_context(backend.store(language).rebuild(language_schema(language)))
            for language in backend.languages()
        }
        return RebuildingIndex(backend, writers)

    def finish(self):
        self.stack.close()


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    index_class = WhooshIndex
    rebuilder_class = WhooshRebuilder
    # A page saved while the index is locked must still save: the failure is logged by
    # modelsearch and the store's writer retries (the store part decides how).
    catch_indexing_errors = True

    def __init__(self, params):
        super().__init__(params)
        self.params = dict(params)

    @property
    def root(self) -> Path:
        """The folder of this alias's indexes, read at access time (``override_settings``)."""
        configured = self.params.get("INDEX_DIR")
        return Path(configured) if configured else settings.INDEX_DIR

    @property
    def default_language(self) -> str:
        return context.default_language(self.params.get("DEFAULT_LANGUAGE"))

    def languages(self) -> list[str]:
        return context.site_languages()

    def search_languages(self, requested) -> list[str]:
        """The indexes a search reads: all of them, or those of ``requested`` (a code or a
        list of codes)."""
        if not requested:
            return self.languages()
        requested = [requested] if isinstance(requested, str) else list(requested)
        found = []
        for code in requested:
            language = context.index_language(code, "")
            if language and language not in found:
                found.append(language)
        return found

    def store(self, language: str) -> IndexStore:
        return IndexStore(language, root=self.root)

    def search(
        self,
        query,
        model_or_queryset,
        fields=None,
        operator=None,
        order_by_relevance=True,
        user=UNFILTERED,
        language=None,
        section=None,
    ):
        """A whole-word search; ``user``: the person searching (see the module docstring);
        ``language``: one language (or a list) instead of every index."""
        return self._search(
            self.query_compiler_class,
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
            user=user,
            languages=language,
            section=section,
        )

    def autocomplete(
        self,
        query,
        model_or_queryset,
        fields=None,
        operator=None,
        order_by_relevance=True,
        user=UNFILTERED,
        language=None,
        section=None,
    ):
        """A search on the beginnings of words (``AutocompleteField``); same options as
        :meth:`search`."""
        return self._search(
            self.autocomplete_query_compiler_class,
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
            user=user,
            languages=language,
            section=section,
        )


SearchBackend = WhooshSearchBackend
