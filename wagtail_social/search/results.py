"""Search results read from the language indexes: hits, counts and facets computed by whoosh.

Every figure comes from whoosh under the same ``mask=``: what is outside the model's content
type, the queryset's filters and the section, and what the person may not see (a set of
document numbers cached per segment: :mod:`.masks`). A results page is ONE whoosh search per
index, on the searcher its thread keeps open (:mod:`.readers`): the first hits, then
``len()`` of the same results for the exact count (whoosh walks the same matcher again without
scoring, under the same mask; nothing is opened or built twice); a search's slices and its
``count()`` share that run. Only the page of hits asked for is loaded from the database. A
search covers every language index unless ``language=`` narrows it; the hits of several
indexes are merged by score (or by the sort keys whoosh computed)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.contrib.auth.models import AnonymousUser
from modelsearch.backends.base import BaseSearchResults, FilterFieldError

from . import adapter, masks, permissions, readers, schema
from .compiler import UNFILTERED

Q = adapter.query


#: a count asked before any hit (a paginator) also collects this many first hits, so that the
#: first page shown next needs no second whoosh search
HITS_WITH_A_COUNT = 25


class _Run:
    """The outcome of ONE whoosh search per index, shared by a search's slices and clones:
    the hits up to ``limit`` (None: all) in order, and the exact number of hits."""

    def __init__(self) -> None:
        self.limit: int | None = 0
        self.hits: list[tuple[object, float | None, str]] | None = None
        self.total: int | None = None

    def covers(self, stop: int | None) -> bool:
        return self.hits is not None and (self.limit is None or (stop is not None and stop <= self.limit))


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._run = _Run()

    def _clone(self):
        clone = super()._clone()
        clone._run = self._run  # the same search: its slices read the same whoosh run
        return clone

    @contextmanager
    def _searchers(self) -> Iterator[list]:
        """(language, searcher) of every index the search covers that exists yet: the searchers
        this thread keeps open, checked to read the current generation at its latest commit
        (:func:`readers.searcher`)."""
        with ExitStack() as stack:
            opened = []
            for language in self.backend.search_languages(self.query_compiler.languages):
                opened_searcher = stack.enter_context(readers.searcher(self.backend.store(language)))
                if opened_searcher is not None:  # None: no index yet
                    opened.append((language, opened_searcher))
            yield opened

    def _access(self, searchers) -> permissions.Access | None:
        """What the person searching passes now (None: not filtered), read once for every
        index searched."""
        user = self.query_compiler.user
        if user is UNFILTERED:
            return None
        combinations = [masks.rule_combinations(searcher) for _language, searcher in searchers]
        return permissions.access_of(user or AnonymousUser(), combinations)

    def _restriction(self):
        """The model's content type, the queryset's filters and the section, as one whoosh
        query."""
        compiler = self.query_compiler
        parts = [compiler.content_type_query()]
        queryset_filter = compiler.filter_query()
        if queryset_filter is not None:
            parts.append(queryset_filter)
        if (section := compiler.section_query()) is not None:
            parts.append(section)
        return Q.And(parts) if len(parts) > 1 else parts[0]

    def _mask(self, searcher, access: permissions.Access | None = ...):
        """The documents a hit must NOT be, given to whoosh as ``mask=``: those outside the
        model's content type, the queryset's filters and the section, and those the person
        searching may not see (a set of document numbers cached per segment, per restriction
        and per what the person passes: :func:`masks.hidden_documents`).

        A mask, not ``filter=``: whoosh ignores an allow filter that matches no document (and
        then lets every document through its counts and facets), which is exactly the case of
        an outsider searching an index that holds only a private community's items."""
        if access is ...:
            access = self._access([(None, searcher)])
        return masks.hidden_documents(searcher, access, self._restriction())

    def _query(self, searcher):
        """The search words (the whoosh query of the index's schema)."""
        return self.query_compiler.search_query(searcher.schema)

    def _search(self, limit: int | None) -> None:
        """One whoosh search per index: the hits up to ``limit`` and the exact count, into the
        run this search's slices share."""
        compiler = self.query_compiler
        sortedby = compiler.sort_facet()
        per_index, total = [], 0
        with self._searchers() as searchers:
            access = self._access(searchers)
            for _language, searcher in searchers:
                query = self._query(searcher)
                if query is Q.NullQuery:
                    continue
                mask = self._mask(searcher, access)
                collector = searcher.collector(limit=limit, sortedby=sortedby)
                if mask:
                    collector = masks.MaskCollector(collector, mask)
                searcher.search_with_collector(query, collector)
                results = collector.results()
                # Exact: whoosh counts what its top-N pass skipped with an unscored pass over
                # the same matcher and mask (no second opening, no second mask).
                total += len(results)
                per_index.append(
                    [
                        (key, hit.score if sortedby is None else None, hit["pk"])
                        for (key, _docnum), hit in zip(results.top_n, results, strict=True)
                    ]
                )
        per_index = [hits for hits in per_index if hits]
        merged = per_index[0] if len(per_index) == 1 else [hit for hits in per_index for hit in hits]
        if len(per_index) > 1:
            try:
                if sortedby is None:
                    merged.sort(key=lambda hit: -(hit[1] or 0))
                else:
                    merged.sort(key=lambda hit: hit[0], reverse=False)
            except TypeError:  # sort keys of different kinds: keep each index's order
                pass
        run = self._run
        run.limit, run.hits, run.total = limit, merged, total

    def _hits(self) -> list[tuple[object, float | None, str]]:
        """(sort key, score, pk) of the hits up to ``stop``, in order, across the indexes."""
        if not self._run.covers(self.stop):
            self._search(self.stop)
        hits = self._run.hits
        return hits if self.stop is None else hits[: self.stop]

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
        """The number of hits from the whoosh search that found them (run once if no hit was
        asked for yet, collecting the first hits too)."""
        if self._run.total is None:
            self._search(max(self.stop or 0, HITS_WITH_A_COUNT))
        total = self._run.total - self.start
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
            access = self._access(searchers)
            for _language, searcher in searchers:
                query = self._query(searcher)
                if query is Q.NullQuery:
                    continue
                mask = self._mask(searcher, access)
                collector = searcher.collector(limit=None, scored=False)
                if mask:
                    collector = masks.MaskCollector(collector, mask)
                searcher.search_with_collector(query, collector)
                docs = collector.results().docs()
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
