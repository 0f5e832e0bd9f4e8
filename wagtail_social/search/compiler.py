"""modelsearch's query objects and queryset filters, translated into whoosh queries.

A compiler is built once per search (``backend.search()``) and compiled once per language
index, against THAT index's schema, so that the query's words go through the analyzer the
documents went through (French elision and stemming for the French index).

Filters never leave whoosh: the queryset's ``filter()``/``exclude()``/``Q`` tree becomes one
whoosh query over the ``FilterField`` columns (see :mod:`.schema`), given to whoosh as its
``filter=`` with the model's content type and the person's access filter.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F as FieldReference
from django.db.models import OrderBy, Subquery
from django.db.models.sql import Query
from django.db.models.sql.constants import MULTI, SINGLE
from modelsearch.backends.base import BaseSearchQueryCompiler, OrderByFieldError
from modelsearch.index import RelatedFields
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText

from . import adapter, schema

Q = adapter.query

#: ``user`` not given: the search is not filtered by permissions (like Wagtail's own backends,
#: for the admin and for system tasks). Give ``user=`` (None or AnonymousUser for a visitor).
UNFILTERED = object()


def fuzziness(term: str) -> int:
    """Elasticsearch's "AUTO": no edit for 1–2 characters, one for 3–5, two beyond."""
    return 0 if len(term) <= 2 else 1 if len(term) <= 5 else 2


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "or"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    #: the whoosh field searched when ``fields`` is not given, and the kind of per-field columns
    all_text_field = "text"
    column_kind = "s"

    def __init__(
        self,
        queryset,
        query,
        fields=None,
        operator=None,
        order_by_relevance=True,
        user=UNFILTERED,
        languages=None,
        section=None,
    ):
        super().__init__(
            queryset, query, fields=fields, operator=operator, order_by_relevance=order_by_relevance
        )
        self.user = user
        self.languages = languages
        # A page (or its id): only items of that page and of the pages below it.
        self.section = getattr(section, "pk", section)

    # ---- search fields ----------------------------------------------------------------

    def _declared_fields(self):
        return self.queryset.model.get_searchable_search_fields()

    def search_fields(self, whoosh_schema) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """(fields every hit must match in, fields that only add to the score), as
        (whoosh field, boost) pairs."""
        if self.fields:
            declared = {field.field_name: field for field in self._declared_fields()}
            chosen = []
            for name in self.fields:
                field = declared.get(name)
                if field is None:
                    continue
                column = schema.column_name(self.column_kind, field, self.queryset.model)
                if column in whoosh_schema:
                    chosen.append((column, float(getattr(field, "boost", None) or 1)))
            return chosen, []
        boosted = [
            (name, float(name[len("text_boost_") :].replace("_", ".")))
            for name in whoosh_schema.names()
            if name.startswith("text_boost_") and self.all_text_field == "text"
        ]
        return [(self.all_text_field, 1.0)], boosted

    def _terms(self, whoosh_schema, fieldname: str, text: str) -> list[str]:
        field = whoosh_schema[fieldname]
        return list(field.process_text(text, mode="query"))

    def _compile(self, query, whoosh_schema, fieldname: str, boost: float = 1.0):
        if isinstance(query, MatchAll):
            return Q.Every(boost=boost)
        if isinstance(query, And):
            parts = [part for part in query.subqueries if not isinstance(part, MatchAll)]
            if not parts:
                return Q.Every(boost=boost)
            return Q.And([self._compile(part, whoosh_schema, fieldname, boost) for part in parts])
        if isinstance(query, Or):
            if any(isinstance(part, MatchAll) for part in query.subqueries):
                return Q.Every(boost=boost)
            return Q.Or([self._compile(part, whoosh_schema, fieldname, boost) for part in query.subqueries])
        if isinstance(query, Not):
            return Q.Not(self._compile(query.subquery, whoosh_schema, fieldname, boost))
        if isinstance(query, Boost):
            return self._compile(query.subquery, whoosh_schema, fieldname, boost * query.boost)
        if isinstance(query, PlainText):
            terms = self._terms(whoosh_schema, fieldname, query.query_string)
            if not terms:
                return Q.NullQuery
            combine = Q.And if query.operator == "and" else Q.Or
            # Boosts go on the terms: whoosh drops a compound's own boost when it normalises
            # a compound of one term.
            return combine([Q.Term(fieldname, term, boost=boost * query.boost) for term in terms])
        if isinstance(query, Fuzzy):
            terms = self._terms(whoosh_schema, fieldname, query.query_string)
            if not terms:
                return Q.NullQuery
            combine = Q.And if query.operator == "and" else Q.Or
            return combine(
                [
                    Q.FuzzyTerm(fieldname, term, boost=boost, maxdist=fuzziness(term), prefixlength=1)
                    for term in terms
                ]
            )
        if isinstance(query, Phrase):
            terms = self._terms(whoosh_schema, fieldname, query.query_string)
            if not terms:
                return Q.NullQuery
            if len(terms) == 1:
                return Q.Term(fieldname, terms[0], boost=boost)
            return Q.Phrase(fieldname, terms, boost=boost)
        raise NotImplementedError(
            f"`{query.__class__.__name__}` is not supported by the whoosh search backend."
        )

    def search_query(self, whoosh_schema):
        """The whoosh query of the search words for the index of ``whoosh_schema``."""
        required, scoring = self.search_fields(whoosh_schema)
        if not required:
            return Q.NullQuery
        if isinstance(self.query, Not):
            # A negation across fields: the item matches in none of them.
            return Q.Not(
                Q.Or([self._compile(self.query.subquery, whoosh_schema, name) for name, _ in required])
            )
        queries = [self._compile(self.query, whoosh_schema, name, boost) for name, boost in required]
        main = queries[0] if len(queries) == 1 else Q.DisjunctionMax(queries)
        if scoring and not isinstance(self.query, MatchAll):
            # Boosted fields add to the score of what the main field found; they never
            # widen it (a negation in the main field must hold).
            extra = [self._compile(self.query, whoosh_schema, name, boost) for name, boost in scoring]
            return Q.AndMaybe(main, Q.DisjunctionMax(extra))
        return main

    # ---- filters ----------------------------------------------------------------------

    def filter_query(self):
        """The queryset's own filters as one whoosh query (None: no filter)."""
        return self._get_filters_from_queryset()

    def section_query(self):
        return None if self.section is None else Q.Term("ancestors", str(self.section))

    def content_type_query(self):
        return Q.Term("content_type", schema.model_label(self.queryset.model))

    def _column(self, field_path):
        model, path = self.queryset.model, []
        for entry in field_path[:-1]:
            model = entry.get_field(model).related_model
            path.append(entry.field_name)
        return schema.filter_column(field_path[-1], model, tuple(path), multiple=bool(path))

    def _evaluate(self, value, many: bool):
        if isinstance(value, (Query, Subquery)):
            query = value.query if isinstance(value, Subquery) else value
            db_alias = self.queryset._db or DEFAULT_DB_ALIAS
            if many:
                chunks = query.get_compiler(db_alias).execute_sql(result_type=MULTI)
                return [row[0] for chunk in chunks for row in chunk]
            row = query.get_compiler(db_alias).execute_sql(result_type=SINGLE)
            return row[0] if row else None
        return value

    def _process_lookup(self, field_path, lookup, value):
        if any(isinstance(entry, RelatedFields) for entry in field_path[:-1]) and lookup not in (
            "exact",
            "in",
        ):
            return None  # related filters hold lists of values: equality only
        column = self._column(field_path)
        name, kind = column.name, column.kind

        def convert(item):
            return schema.index_value(kind, item)

        if lookup == "isnull":
            missing = Q.Term("nulls", name)
            return missing if value else Q.Not(missing)
        if lookup == "exact":
            value = convert(self._evaluate(value, many=False))
            return Q.Term("nulls", name) if value is None else Q.Term(name, value)
        if lookup == "in":
            values = [convert(item) for item in self._evaluate(value, many=True)]
            terms = [Q.Term(name, item) for item in values if item is not None]
            return Q.Or(terms) if terms else Q.NullQuery
        if lookup in ("startswith", "prefix"):
            return Q.Prefix(name, str(value)) if kind == "text" and not column.multiple else None
        if lookup in ("gt", "gte", "lt", "lte", "range"):
            if lookup == "range":
                low, high = (convert(item) for item in value)
                low_excl = high_excl = False
            elif lookup in ("gt", "gte"):
                low, high, low_excl, high_excl = convert(value), None, lookup == "gt", False
            else:
                low, high, low_excl, high_excl = None, convert(value), False, lookup == "lt"
            if kind == "date":
                return Q.DateRange(name, low, high, startexcl=low_excl, endexcl=high_excl)
            if kind == "text":
                return Q.TermRange(name, low, high, startexcl=low_excl, endexcl=high_excl)
            return Q.NumericRange(name, low, high, startexcl=low_excl, endexcl=high_excl)
        return None

    def _process_match_none(self):
        return Q.NullQuery

    def _connect_filters(self, filters, connector, negated):
        if not filters:
            return None
        combined = filters[0] if len(filters) == 1 else (Q.And if connector == "AND" else Q.Or)(filters)
        return Q.Not(combined) if negated else combined

    # ---- ordering ---------------------------------------------------------------------

    def _get_order_by(self):
        if self.order_by_relevance:
            return
        for entry in self.queryset.query.order_by:
            if not isinstance(entry, str):
                if not isinstance(entry, OrderBy) or not isinstance(entry.expression, FieldReference):
                    raise OrderByFieldError(
                        f'Sorting search results with "{entry}" is not supported by the whoosh search backend.',
                        field_name=str(entry),
                    )
                name = ("-" if entry.descending else "") + entry.expression.name
            else:
                name = entry
            reverse = name.startswith("-")
            name = name.lstrip("-")
            field = self._get_filterable_field(name)
            if field is None:
                raise OrderByFieldError(
                    f'Cannot sort search results with field "{name}". Please add index.FilterField("{name}") '
                    f"to {self.queryset.model.__name__}.search_fields.",
                    field_name=name,
                )
            yield reverse, field

    def sort_facet(self):
        """The whoosh sort of the results (None: by relevance)."""
        if self.order_by_relevance:
            return None
        facets = []
        for reverse, field in self._get_order_by():
            column = schema.filter_column(field, self.queryset.model)
            if column.multiple:
                raise OrderByFieldError(
                    f'Cannot sort search results with field "{field.field_name}": it holds several values.',
                    field_name=field.field_name,
                )
            facets.append(adapter.sorting.FieldFacet(column.name, reverse=reverse))
        if not facets:
            facets = [adapter.sorting.FieldFacet("pk_order", reverse=True)]
        return facets[0] if len(facets) == 1 else adapter.sorting.MultiFacet(facets)


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    """Partial words: the n-grams of the ``AutocompleteField`` contents, never stemmed."""

    all_text_field = "autocomplete"
    column_kind = "a"

    def _declared_fields(self):
        return self.queryset.model.get_autocomplete_search_fields()

    def search_query(self, whoosh_schema):
        if not isinstance(self.query, PlainText):
            raise NotImplementedError("Autocomplete takes words (a string or PlainText) only.")
        return super().search_query(whoosh_schema)
