"""The same permission filter for Wagtail's Elasticsearch and OpenSearch backends.

A company that outgrows one machine switches ``WAGTAILSEARCH_BACKENDS`` to a backend made by
:func:`permission_aware` from one of modelsearch's (``docs/howto/scale-out.md``). Its documents
carry the same ``ACCESS_FIELD`` tokens as the whoosh index (a ``keyword`` field), and each search
made inside :func:`~wagtail_social.search.permissions.searching_as` is filtered by
:func:`access_clause`: a ``terms`` query on the rule tokens the person passes (its size does not
grow with the number of restricted pages), less a ``terms`` query on the page tokens of stale
subtrees they may not see now. The rule tokens present in the index are read by one ``terms``
aggregation per search (:data:`INDEXED_TOKENS_AGGREGATION`).

This module imports no Elasticsearch client: modelsearch's base classes do not, so it is tested
here, without a server, by the query dictionaries it builds.
"""

from __future__ import annotations

from typing import Any

from .permissions import (
    ACCESS_FIELD,
    PUBLIC,
    access_tokens,
    hidden_page_tokens,
    page_id_of,
    passed_tokens,
    searching_user,
)

# Rule tokens only (``public``, ``r12+r40``): page tokens are not worth fetching. A site with
# more distinct combinations of restrictions than this finds the rest for nobody (closed,
# not open) until the setting of the aggregation is raised.
MAX_INDEXED_TOKENS = 10_000
INDEXED_TOKENS_AGGREGATION: dict[str, Any] = {
    "size": 0,
    "aggs": {
        "access_tokens": {
            "terms": {
                "field": ACCESS_FIELD,
                "include": f"{PUBLIC}|r[0-9]+(\\+r[0-9]+)*",
                "size": MAX_INDEXED_TOKENS,
            }
        }
    },
}


def tokens_from_aggregation(response: dict) -> set[str]:
    """The rule tokens of an answer to :data:`INDEXED_TOKENS_AGGREGATION`."""
    buckets = response.get("aggregations", {}).get("access_tokens", {}).get("buckets", [])
    return {str(bucket["key"]) for bucket in buckets}


def access_clause(user, indexed_tokens) -> dict:
    """The filter clause of a search by ``user``: the same decision as the whoosh filter
    (:func:`~wagtail_social.search.permissions.search_filter`). An empty ``terms`` list matches
    nothing in Elasticsearch, as it should."""
    kept = {"terms": {ACCESS_FIELD: passed_tokens(user, indexed_tokens)}}
    hidden = hidden_page_tokens(user)
    if not hidden:
        return kept
    return {"bool": {"filter": [kept], "must_not": [{"terms": {ACCESS_FIELD: hidden}}]}}


def filtered(query: dict, clause: dict) -> dict:
    """``query`` (a search body's ``query``) kept to the documents ``clause`` admits."""
    return {"bool": {"must": query, "filter": [clause]}}


class AccessMappingMixin:
    """Adds ``ACCESS_FIELD`` to the mapping of every indexed model and its tokens to each
    document (the item's page: :func:`~wagtail_social.search.permissions.page_id_of`)."""

    def get_mapping(self):
        mapping = super().get_mapping()
        mapping["properties"][ACCESS_FIELD] = {"type": "keyword"}
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        document[ACCESS_FIELD] = access_tokens(page_id_of(obj))
        return document


class AccessResultsMixin:
    """Filters the results, counts and facets of searches made inside ``searching_as(user)``.
    Searches outside it (Wagtail's admin, which hides private communities by its own hooks)
    are left as Wagtail makes them."""

    def _get_es_body(self, for_count=False):
        body = super()._get_es_body(for_count=for_count)
        user = searching_user()
        if user is not None:
            body["query"] = filtered(body["query"], access_clause(user, self._indexed_access_tokens()))
        return body

    def _indexed_access_tokens(self) -> set[str]:
        index = self.backend.get_index_for_model(self.query_compiler.queryset.model).name
        return tokens_from_aggregation(self._backend_do_search(dict(INDEXED_TOKENS_AGGREGATION), index=index))


def permission_aware(backend_class: type) -> type:
    """A subclass of one of modelsearch's Elasticsearch or OpenSearch backends
    (``Elasticsearch8SearchBackend``, ``OpenSearch2SearchBackend``…) whose documents carry the
    access tokens and whose searches inside ``searching_as`` are filtered."""
    mapping = type(
        f"Access{backend_class.mapping_class.__name__}", (AccessMappingMixin, backend_class.mapping_class), {}
    )
    results = type(
        f"Access{backend_class.results_class.__name__}", (AccessResultsMixin, backend_class.results_class), {}
    )
    compilers = {
        name: type(f"Access{compiler.__name__}", (compiler,), {"mapping_class": mapping})
        for name in ("query_compiler_class", "autocomplete_query_compiler_class")
        if (compiler := getattr(backend_class, name, None)) is not None
    }
    return type(
        f"PermissionAware{backend_class.__name__}",
        (backend_class,),
        {"mapping_class": mapping, "results_class": results, **compilers},
    )
