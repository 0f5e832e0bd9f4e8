"""The access tokens each document carries and the filter a search applies (issue 12,
"Permission-aware by construction"), on a real whoosh index in a temporary folder."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.utils import add_page, make_user, restrict_to_groups
from wagtail_social.search import adapter
from wagtail_social.search.permissions import (
    ACCESS_FIELD,
    NOBODY,
    PUBLIC,
    access_field,
    access_tokens,
    access_tokens_for_pages,
    indexed_tokens,
    page_token,
    rule_token,
    search_filter,
    search_mask,
)
from wagtail_social.search.reindexing import reindexing


def terms_of(query) -> set[str]:
    """The access tokens a filter keeps (the ``Or`` of ``Term``s it is, or starts with)."""
    kept = query.a if isinstance(query, adapter.query.AndNot) else query
    return {term.text for term in kept.subqueries} if isinstance(kept, adapter.query.Or) else {kept.text}


def excluded_terms(query) -> set[str]:
    if not isinstance(query, adapter.query.AndNot):
        return set()
    return {term.text for term in query.b.subqueries}


@pytest.fixture
def superuser(db):
    return make_user("boss", is_superuser=True, is_staff=True)


@pytest.fixture
def login_page(section):
    page = add_page(section, "Staff only")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


@pytest.fixture
def password_page(home):
    page = add_page(home, "Secret")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    return page


def restriction_ids(page) -> list[int]:
    return list(PageViewRestriction.objects.filter(page=page).values_list("pk", flat=True))


# Tokens


def test_a_page_without_restrictions_is_public_and_names_its_path(home, section, article):
    tokens = access_tokens(article.pk)
    assert tokens[0] == PUBLIC
    assert tokens[1:] == [page_token(p.pk) for p in article.get_ancestors(inclusive=True)]


def test_nested_restrictions_make_one_combined_token(community, community_page):
    nested = add_page(community_page, "Inner circle")
    outer = restriction_ids(community)
    inner_restriction = PageViewRestriction.objects.create(
        page=nested, restriction_type=PageViewRestriction.LOGIN
    )
    assert access_tokens(community.pk)[0] == rule_token(outer) == f"r{outer[0]}"
    assert access_tokens(community_page.pk)[0] == f"r{outer[0]}"  # inherited from the ancestor
    assert access_tokens(nested.pk)[0] == rule_token([inner_restriction.pk, *outer])
    assert rule_token([40, 12]) == "r12+r40"
    assert page_token(community.pk) in access_tokens(nested.pk)


def test_unpublished_and_missing_pages_are_found_by_nobody(article):
    article.unpublish()
    assert access_tokens(article.pk)[0] == NOBODY
    assert access_tokens_for_pages([article.pk, 999999])[999999] == [NOBODY]


def test_items_of_no_page_are_public(db):
    assert access_tokens(None) == [PUBLIC]


def test_tokens_of_many_pages_cost_three_queries(home, section, article, community, community_page):
    pages = [home, section, article, community, community_page]
    with CaptureQueriesContext(connection) as queries:
        tokens = access_tokens_for_pages(p.pk for p in pages)
    assert len(queries) == 3
    assert {pk: found[0] for pk, found in tokens.items()} == {p.pk: access_tokens(p.pk)[0] for p in pages}


# The filter


@pytest.fixture
def all_tokens(article, community_page, login_page, password_page):
    with reindexing():  # the index followed the restrictions made above: nothing is stale
        pass
    return {access_tokens(p.pk)[0] for p in (article, community_page, login_page, password_page)}


def test_anonymous_visitors_pass_public_only(all_tokens):
    with CaptureQueriesContext(connection) as queries:
        query = search_filter(AnonymousUser(), all_tokens)
    assert terms_of(query) == {PUBLIC}
    assert len(queries) == 1  # the list of stale pages, empty


def test_a_logged_in_non_member_passes_login_but_not_the_community(outsider, all_tokens, login_page):
    assert terms_of(search_filter(outsider, all_tokens)) == {PUBLIC, access_tokens(login_page.pk)[0]}


def test_a_member_passes_the_community_too(member, all_tokens, login_page, community):
    assert terms_of(search_filter(member, all_tokens)) == {
        PUBLIC,
        access_tokens(login_page.pk)[0],
        access_tokens(community.pk)[0],
    }


def test_superusers_pass_groups_as_wagtail_decides_but_never_a_password(superuser, all_tokens, password_page):
    assert terms_of(search_filter(superuser, all_tokens)) == all_tokens - {access_tokens(password_page.pk)[0]}


def test_a_group_membership_removed_applies_to_the_next_query(member, members, all_tokens, community):
    assert access_tokens(community.pk)[0] in terms_of(search_filter(member, all_tokens))
    member.groups.remove(members)
    member = type(member).objects.get(pk=member.pk)  # the next request's user
    assert access_tokens(community.pk)[0] not in terms_of(search_filter(member, all_tokens))


def test_tokens_of_deleted_restrictions_and_page_tokens_are_passed_by_nobody(member, community):
    tokens = {access_tokens(community.pk)[0], "r999999", NOBODY, page_token(community.pk), "garbage"}
    assert terms_of(search_filter(member, tokens)) == {access_tokens(community.pk)[0]}


def live_children(parent: Page, count: int) -> list[Page]:
    """``count`` live children of ``parent``, written in one statement (treebeard's paths)."""
    last = parent.get_last_child()
    first = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    depth = parent.depth + 1
    pages = Page.objects.bulk_create(
        [
            Page(
                title=f"Team {step}",
                draft_title=f"Team {step}",
                slug=f"team-{step}",
                path=Page._get_path(parent.path, depth, step),
                depth=depth,
                live=True,
                content_type=parent.content_type,
                locale_id=parent.locale_id,
                url_path=f"{parent.url_path}team-{step}/",
            )
            for step in range(first, first + count)
        ]
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.get_children().count())
    return pages


def test_the_filter_does_not_grow_with_restricted_sections(home, members, outsider, member):
    """10, 100, then 1,000 private communities: each person's filter keeps its size and its
    number of queries (the groups of a user are read once per request, as by the access module)."""
    users = {"anonymous": AnonymousUser(), "outsider": outsider, "member": member}
    restrict_to_groups(add_page(home, "Ours"), members)
    with reindexing():
        pass
    for user in users.values():
        search_filter(user, {"r0"})  # the user's groups, read once
    sizes = {who: [] for who in users}
    query_counts = {who: [] for who in users}
    created = 0
    for target in (10, 100, 1000):
        groups = Group.objects.bulk_create([Group(name=f"Team {n}") for n in range(created, target)])
        pages = live_children(home, target - created)
        restrictions = PageViewRestriction.objects.bulk_create(
            [PageViewRestriction(page=p, restriction_type=PageViewRestriction.GROUPS) for p in pages]
        )
        PageViewRestriction.groups.through.objects.bulk_create(
            [
                PageViewRestriction.groups.through(pageviewrestriction_id=r.pk, group_id=g.pk)
                for r, g in zip(restrictions, groups, strict=True)
            ]
        )
        created = target
        tokens = {PUBLIC} | {
            rule_token([r]) for r in PageViewRestriction.objects.values_list("pk", flat=True)
        }
        assert len(tokens) == target + 2
        for who, user in users.items():
            with CaptureQueriesContext(connection) as queries:
                query = search_filter(user, tokens)
            sizes[who].append(len(terms_of(query)))
            query_counts[who].append(len(queries))
    assert sizes == {"anonymous": [1, 1, 1], "outsider": [1, 1, 1], "member": [2, 2, 2]}
    assert query_counts == {"anonymous": [1, 1, 1], "outsider": [2, 2, 2], "member": [2, 2, 2]}


# A real index


@pytest.fixture
def index(tmp_path):
    schema = adapter.fields.Schema(
        pk=adapter.fields.ID(stored=True, unique=True),
        body=adapter.fields.TEXT(),
        **{ACCESS_FIELD: access_field()},
    )
    return adapter.index.create_in(str(tmp_path), schema)


def write(index, documents: dict[str, int | None]) -> None:
    """Index one document per key, an item of the page id given, with its current tokens: what
    the store's re-indexing does (so the changes it followed are no longer listed)."""
    with reindexing(), index.writer() as writer:
        for key, page_id in documents.items():
            writer.update_document(
                pk=key, body="formation sécurité " + key, **{ACCESS_FIELD: " ".join(access_tokens(page_id))}
            )


def found(index, user, text="formation") -> set[str]:
    """The keys a search finds for ``user``; its count (paginated: whoosh counts apart) agrees."""
    with index.searcher() as searcher:
        query = adapter.qparser.QueryParser("body", index.schema).parse(text)
        hidden = search_mask(user, indexed_tokens(searcher.reader()))
        keys = {hit["pk"] for hit in searcher.search(query, mask=hidden, limit=None)}
        assert len(searcher.search(query, mask=hidden, limit=1)) == len(keys)
        return keys


@pytest.fixture
def documents(article, community_page, login_page, password_page):
    return {
        "article": article.pk,
        "comment-community": community_page.pk,
        "login": login_page.pk,
        "secret": password_page.pk,
        "snippet": None,
    }


def test_an_index_answers_each_person_with_what_they_may_see(index, documents, member, outsider, superuser):
    write(index, documents)
    assert found(index, AnonymousUser()) == {"article", "snippet"}
    assert found(index, outsider) == {"article", "snippet", "login"}
    assert found(index, member) == {"article", "snippet", "login", "comment-community"}
    assert found(index, superuser) == {"article", "snippet", "login", "comment-community"}


def test_the_index_lexicon_is_read_without_page_tokens(index, documents):
    write(index, documents)
    with index.searcher() as searcher:
        tokens = indexed_tokens(searcher.reader())
    assert tokens == {access_tokens(pk)[0] for pk in documents.values()}


def test_drafts_and_unpublished_pages_items_are_never_found(index, home, superuser):
    draft = home.add_child(title="Draft", slug="draft", live=False)
    write(index, {"draft": draft.pk})
    assert found(index, superuser) == set()


def test_an_index_of_private_items_only_answers_an_outsider_with_nothing(index, community_page, outsider):
    """whoosh ignores an allow filter that matches nothing (and then counts every hit): the
    mask has no such case."""
    write(index, {"private-1": community_page.pk, "private-2": community_page.pk})
    assert found(index, outsider) == set()
    assert found(index, AnonymousUser()) == set()
