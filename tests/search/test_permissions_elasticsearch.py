"""The permission filter for Wagtail's Elasticsearch/OpenSearch backends: the query it builds
(no Elasticsearch server here; modelsearch's base classes import no client)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.models import PageViewRestriction

from tests.testapp.models import PlainPage
from tests.utils import add_page
from wagtail_social.search.elasticsearch import (
    INDEXED_TOKENS_AGGREGATION,
    MAX_INDEXED_TOKENS,
    access_clause,
    permission_aware,
    tokens_from_aggregation,
)
from wagtail_social.search.permissions import ACCESS_FIELD, PUBLIC, access_tokens, page_token, searching_as
from wagtail_social.search.reindexing import reindexing

Backend = permission_aware(ElasticsearchBaseSearchBackend)


@pytest.fixture
def tokens(article, community, community_page):
    with reindexing():
        pass
    return {PUBLIC, access_tokens(community.pk)[0]}


def test_anonymous_visitors_and_outsiders_get_public_only(tokens, outsider):
    assert access_clause(AnonymousUser(), tokens) == {"terms": {ACCESS_FIELD: [PUBLIC]}}
    assert access_clause(outsider, tokens) == {"terms": {ACCESS_FIELD: [PUBLIC]}}


def test_members_get_their_community(tokens, member, community):
    assert access_clause(member, tokens) == {"terms": {ACCESS_FIELD: sorted(tokens)}}


def test_a_restriction_added_excludes_the_stale_subtree_at_once(tokens, section, outsider):
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.GROUPS)
    assert access_clause(outsider, tokens) == {
        "bool": {
            "filter": [{"terms": {ACCESS_FIELD: [PUBLIC]}}],
            "must_not": [{"terms": {ACCESS_FIELD: [page_token(section.pk)]}}],
        }
    }


def test_the_indexed_tokens_are_read_by_one_aggregation_of_rule_tokens():
    terms = INDEXED_TOKENS_AGGREGATION["aggs"]["access_tokens"]["terms"]
    assert terms == {
        "field": ACCESS_FIELD,
        "include": "public|r[0-9]+(\\+r[0-9]+)*",
        "size": MAX_INDEXED_TOKENS,
    }
    answer = {"aggregations": {"access_tokens": {"buckets": [{"key": "public"}, {"key": "r3+r9"}]}}}
    assert tokens_from_aggregation(answer) == {"public", "r3+r9"}


def test_the_mapping_and_documents_carry_the_access_field(article, community_page):
    mapping = Backend.mapping_class(PlainPage)
    assert mapping.get_mapping()["properties"][ACCESS_FIELD] == {"type": "keyword"}
    assert mapping.get_document(community_page)[ACCESS_FIELD] == access_tokens(community_page.pk)
    assert Backend.query_compiler_class.mapping_class is Backend.mapping_class


class RecordingClient:
    """Stands for the Elasticsearch client: answers the aggregation, keeps the bodies."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.bodies = []

    def search(self, **body):
        self.bodies.append(body)
        return {"aggregations": {"access_tokens": {"buckets": [{"key": t} for t in sorted(self.tokens)]}}}


class Connection:
    use_new_elasticsearch_api = True

    def __init__(self, client):
        self.es = client

    def get_index_for_model(self, model):
        return type("Index", (), {"name": "wagtail__wagtailcore_page"})()


def body_of_a_search(tokens, user=None, searching=True):
    client = RecordingClient(tokens)
    compiler = Backend.query_compiler_class(PlainPage.objects.all(), "formation")
    results = Backend.results_class(Connection(client), compiler)
    if searching:
        with searching_as(user):
            return results._get_es_body(), client.bodies
    return results._get_es_body(), client.bodies


def test_searches_made_as_someone_are_filtered_in_results_counts_and_facets(tokens, article, outsider):
    unfiltered = Backend.results_class(
        Connection(RecordingClient(tokens)),
        Backend.query_compiler_class(PlainPage.objects.all(), "formation"),
    )._get_es_body()
    body, sent = body_of_a_search(tokens, outsider)
    assert body["query"] == {
        "bool": {"must": unfiltered["query"], "filter": [{"terms": {ACCESS_FIELD: [PUBLIC]}}]}
    }
    assert sent == [{**INDEXED_TOKENS_AGGREGATION, "index": "wagtail__wagtailcore_page"}]


def test_searches_outside_searching_as_are_left_as_wagtail_makes_them(tokens):
    body, sent = body_of_a_search(tokens, searching=False)
    assert ACCESS_FIELD not in str(body)
    assert sent == []


def test_the_clause_does_not_grow_with_restricted_sections(home, tokens, outsider):
    grown = set(tokens)
    for number in range(30):
        page = add_page(home, f"Team {number}")
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        grown.add(access_tokens(page.pk)[0])
    with reindexing():
        pass
    assert len(grown) == 32
    assert access_clause(outsider, grown) == {"terms": {ACCESS_FIELD: [PUBLIC]}}
