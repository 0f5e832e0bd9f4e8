"""Search results read from the language indexes: hits, counts and facets computed by whoosh.

Every figure comes from whoosh under the same ``mask=`` (what is outside the model's content
type, the queryset's filters and the section, and what the person may not see): a count is the length of whoosh's result, a
facet counts the terms of the matching documents, and only the page of hits asked for is
loaded from the database. A search covers every language index unless ``language=`` narrows
it; the hits of several indexes are merged by score (or by the sort keys whoosh computed).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.contrib.auth.models import AnonymousUser
from modelsearch.backends.base import BaseSearchResults, FilterFieldError

from . import adapter, permissions, schema
from .compiler import UNFILTERED

Q = adapter.query


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    @contextmanager
    def _searchers(self) -> Iterator[list]:
        """(language, searcher) of every index the search covers that exists yet; opened through
        ``IndexStore.searcher()``, which retries a file a concurrent commit deleted."""
        with ExitStack() as stack:
            opened = []
            for language in self.backend.search_languages(self.query_compiler.languages):
                store = self.backend.store(language)
                if store.exists():
                    opened.append((language, stack.enter_context(store.searcher())))
            yield opened

    def _mask(self, searcher):
        """The documents a hit must NOT be, given to whoosh as ``mask=``: those outside the
        model's content type, the queryset's filters and the section, and those the person
        searching may not see (:func:`permissions.search_mask`).

        A mask, not ``filter=``: whoosh ignores an allow filter that matches no document (and
        then lets every document through its counts and facets), which is exactly the case of
        an outsider searching an index that holds only a private community's items."""
        compiler = self.query_compiler
        parts = [compiler.content_type_query()]
        queryset_filter = compiler.filter_query()
        if queryset_filter is not None:
            parts.append(queryset_filter)
        if (section := compiler.section_query()) is not None:
            parts.append(section)
        kept = Q.And(parts) if len(parts) > 1 else parts[0]
        hidden = [Q.AndNot(Q.Every(), kept)]
        if compiler.user is not UNFILTERED:
            tokens = permissions.indexed_tokens(searcher.reader())
            hidden.append(permissions.search_mask(compiler.user or AnonymousUser(), tokens))
        return Q.Or(hidden) if len(hidden) > 1 else hidden[0]

    def _hits(self) -> list[tuple[object, float | None, str]]:
        """(sort key, score, pk) of the hits up to ``stop``, in order, across the indexes."""
        compiler = self.query_compiler
        sortedby = compiler.sort_facet()
        per_index = []
        with self._searchers() as searchers:
            for _language, searcher in searchers:
                query = compiler.search_query(searcher.schema)
                if query is Q.NullQuery:
                    continue
                options = {"mask": self._mask(searcher), "limit": self.stop}
                if sortedby is not None:
                    options["sortedby"] = sortedby
                results = searcher.search(query, **options)
                per_index.append(
                    [
                        (key, hit.score if sortedby is None else None, hit["pk"])
                        for (key, _docnum), hit in zip(results.top_n, results, strict=True)
                    ]
                )
        per_index = [hits for hits in per_index if hits]
        if len(per_index) == 1:
            return per_index[0]
        merged = [hit for hits in per_index for hit in hits]
        try:
            if sortedby is None:
                merged.sort(key=lambda hit: -(hit[1] or 0))
            else:
                merged.sort(key=lambda hit: hit[0], reverse=False)
        except TypeError:  # sort keys of different kinds: keep each index's order
            pass
        return merged

    def _do_search(self):
        hits = self._hits()[self.start : self.stop]
        if not hits:
            return []
        pks = [pk for _key, _score, pk in hits]
        queryset = self.query_compiler.queryset.filter(pk__in=pks)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        objects = {str(obj.pk): obj for obj in queryset}
        found = []
        for _key, score, pk in hits:
            obj = objects.get(pk)
            if obj is None:  # deleted since it was indexed
                continue
            if self._score_field:
                setattr(obj, self._score_field, float(score) if score is not None else None)
            found.append(obj)
        return found

    def _do_count(self):
        total = 0
        with self._searchers() as searchers:
            for _language, searcher in searchers:
                query = self.query_compiler.search_query(searcher.schema)
                if query is Q.NullQuery:
                    continue
                total += len(searcher.search(query, mask=self._mask(searcher), limit=1, scored=False))
        total -= self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

    def facet(self, field_name):
        """Counts of the values of the filter field ``field_name`` among the hits, most
        frequent first (``None``: the hits without a value)."""
        compiler = self.query_compiler
        field = compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to {compiler.queryset.model.__name__}.search_fields.',
                field_name=field_name,
            )
        column = schema.filter_column(field, compiler.queryset.model)
        counts: dict = {}
        with self._searchers() as searchers:
            for _language, searcher in searchers:
                query = compiler.search_query(searcher.schema)
                if query is Q.NullQuery:
                    continue
                docs = searcher.search(query, mask=self._mask(searcher), limit=None, scored=False).docs()
                if not docs:
                    continue
                valued = set()
                if column.name in searcher.schema:
                    reader, fieldtype = searcher.reader(), searcher.schema[column.name]
                    for term in fieldtype.sortable_terms(reader, column.name):
                        matching = docs.intersection(reader.postings(column.name, term).all_ids())
                        if matching:
                            value = fieldtype.from_bytes(term)
                            counts[value] = counts.get(value, 0) + len(matching)
                            valued |= matching
                if len(docs) > len(valued):
                    counts[None] = counts.get(None, 0) + len(docs) - len(valued)
        return OrderedDict(sorted(counts.items(), key=lambda item: -item[1]))
