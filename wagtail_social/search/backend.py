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
``backend.autocomplete(...)``) give whoosh :func:`wagtail_social.search.permissions.search_mask`
as ``mask=`` (results, counts, facets, autocomplete); ``user=None`` is an anonymous visitor.
Inside :func:`~wagtail_social.search.permissions.searching_as` the searches without ``user``
are filtered for that person; elsewhere, without ``user``, they are not, as with Wagtail's own
backends (the admin, system tasks): front-end views must pass ``user`` or use ``searching_as``.
``language="fr"`` searches one language's index instead of all of them; ``section=page`` the
items of that page and of the pages below it (the ``ancestors`` field).

Writing: ``add``, ``add_bulk`` and ``delete`` (Wagtail's auto-update, the core's re-index calls)
enqueue the change for the store's one writer once the transaction commits
(:mod:`wagtail_social.search.indexer`, :mod:`wagtail_social.search.writer_tasks`); nothing is
written in the request (but with the immediate task backend). ``update_index`` /
``rebuild_modelsearch_index`` rebuild every language index beside the current one and swap.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.index import class_is_indexed

from . import context, indexer, permissions, reindexing, schema, writer_tasks
from .compiler import UNFILTERED, WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .conf import settings
from .results import WhooshSearchResults
from .store import IndexStore

language_schema = schema.language_schema


class WhooshIndex(BaseIndex):
    """Every language index of the backend, seen as ONE modelsearch index: the rebuild command
    rebuilds per index, and an item's language decides which of the stores it goes to."""

    def get_key(self):
        return f"whoosh:{self.backend.root}"

    def __str__(self):
        return f"whoosh indexes in {self.backend.root}"

    def add_items(self, model, items):
        """Enqueue the items for the store's writer (after the transaction commits): the
        task re-reads them, so what is written is what is searchable then."""
        if not class_is_indexed(model):
            return
        by_label = defaultdict(list)
        for item in items:
            by_label[indexer.indexed_label(item)].append(item.pk)
        self.backend.ensure_registered()
        for label, pks in by_label.items():
            writer_tasks.enqueue_update(label, pks, writer_tasks.ADD)

    def delete_item(self, item):
        if class_is_indexed(type(item)):
            self.backend.ensure_registered()
            writer_tasks.enqueue_update(schema.model_label(type(item)), [item.pk], writer_tasks.DELETE)

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

    def add_items(self, model, items):
        if not class_is_indexed(model):
            return
        found, _refused = indexer.documents(model, list(items), self.backend.default_language)
        for language, docs in found.items():
            writer = self.writers.get(language)
            for doc in docs if writer is not None else ():
                writer.update_document(**doc)

    def delete_item(self, item):  # nothing of the old index is in the new one
        pass


class WhooshRebuilder:
    """``rebuild_modelsearch_index`` / ``update_index``: ``start()`` opens a new index per
    language through ``IndexStore.rebuild()``, ``finish()`` commits them and swaps them in."""

    def __init__(self, index):
        self.index = index
        self.stack = ExitStack()

    def start(self):
        backend = self.index.backend
        # The access changes listed now are followed by this rebuild: forgotten when it ends.
        self.stack.enter_context(reindexing.reindexing())
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

    def ensure_registered(self) -> None:
        """Register this backend's indexer with the store's writer if none is (the app's
        ``ready()`` registers the configured one: :func:`register_configured`)."""
        if writer_tasks.get_indexer() is None:
            indexer.register(self)

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

    def _search(self, query_compiler_class, query, model_or_queryset, user=UNFILTERED, **kwargs):
        if user is UNFILTERED:  # inside ``searching_as(person)``: filtered for that person
            current = permissions.searching_user()
            user = UNFILTERED if current is None else current
        return super()._search(query_compiler_class, query, model_or_queryset, user=user, **kwargs)

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


def register_configured() -> WhooshSearchBackend | None:
    """Register the indexer of the whoosh backend configured in ``WAGTAILSEARCH_BACKENDS``
    (the first with auto-update, else the first), so that the writer tasks know it in every
    process, the worker's included. Called from the app's ``ready()``."""
    from modelsearch.backends import get_search_backend, import_backend
    from modelsearch.conf import get_app_config

    chosen = None
    for alias, params in get_app_config().get_search_backend_config().items():
        try:
            backend_class = import_backend(params["BACKEND"])
        except (ImportError, KeyError):
            continue
        if not (isinstance(backend_class, type) and issubclass(backend_class, WhooshSearchBackend)):
            continue
        auto_update = params.get("AUTO_UPDATE", True) is not False
        if chosen is None or (auto_update and not chosen[1]):
            chosen = (alias, auto_update)
    if chosen is None:
        return None
    backend = get_search_backend(chosen[0])
    indexer.register(backend)
    return backend
