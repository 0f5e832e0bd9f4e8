"""Who may find what: the access tokens each document carries, and the filter a search applies.

The backend codes against this interface (the backend part's store and compiler call it):

* ``ACCESS_FIELD``: the name of the keyword field every document carries (:func:`access_field`
  is its whoosh field type);
* ``access_tokens(page_id)``: the tokens to index with an item of the page ``page_id``, as a
  list of strings (:func:`access_tokens_for_pages` for many pages at once);
* ``search_filter(user, indexed_tokens)``: the whoosh query a search by ``user`` is filtered
  with, given ``indexed_tokens``, the tokens present in the index's ``ACCESS_FIELD``
  (:func:`indexed_tokens` reads them from a reader, page tokens left out);
  ``search_mask(user, indexed_tokens)``: its complement, what whoosh is given (``mask=``; see
  :func:`search_filter` for why).

**Tokens.** A document carries exactly one *rule token*, the combination of the view
restrictions over its page and the page's ancestors: ``public`` when there are none,
``r12+r40`` (sorted restriction ids) otherwise, ``none`` when the page is unpublished or gone
(nobody passes it: drafts and unpublished pages and their items are never found). Items that
belong to no page (``page_id`` None: a host's own indexed model) are ``public``, as in
Wagtail's own search. A document also carries one *page token* per page on its path, the page
included (``page3 page7 page12``): they let a search exclude a subtree whose rules just changed
(below), and let the store find a subtree's documents in the index without the database.

**The filter.** A search keeps the documents whose rule token the searcher passes: an ``Or``
of ``Term``\\ s, one per rule token *in the index* the person passes. Its size grows with the
combinations the person passes (for most people: ``public``, the login-restricted sections and
their own communities), never with the number of restricted pages or restrictions in the site:
a private community a person is not in adds nothing to their query. Whether a restriction is
passed is decided at query time by the access module
(:func:`wagtail_social.access.restrictions.passed_restrictions`): a group membership removed, or
a restriction's groups changed, apply to the next query, with no re-indexing, so a user's group
change never needs one. Anonymous visitors pass ``public`` only. A password restriction is
never passed by a search (no session is trusted to carry a password into a list of results).
Superusers pass login and group restrictions, as Wagtail decides
(``PageViewRestriction.accept_request``), but not passwords; their filter names every rule
token of the index but password ones.

**Stale documents.** A restriction created or changed, a page moved, unpublished or deleted
make the tokens already indexed under that page stale; the subtree is re-indexed in the
background (:mod:`wagtail_social.search.reindexing`). Meanwhile, the change is listed in
:class:`~wagtail_social.search.pending.StaleAccess` (written in the change's own transaction,
deleted when the re-indexing is done), and the filter also excludes the documents whose page
tokens name a listed page the searcher may not see *now* (``AndNot``). So a page that becomes
restricted is excluded at once. The list is bounded: only changes since the subtree's last
re-index. Changes that only widen access (a restriction deleted, a page published) are not
listed: stale tokens then exclude too much (the deleted restriction is passed by nobody), never
too little, until re-indexed. Why this is sound: a document under a listed page P is kept only
if the searcher passes P's current rules and its own indexed token; the restrictions between P
and the document are in that token, and any change to them lists their own page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page

from wagtail_social.access import restrictions

from . import adapter

ACCESS_FIELD = "social_access"  # whoosh refuses field names starting with "_"
PUBLIC = "public"
NOBODY = "none"
RESTRICTION_PREFIX = "r"
PAGE_PREFIX = "page"


def rule_token(restriction_ids: Iterable[int]) -> str:
    """The rule token of a combination of view restrictions (``public`` for none)."""
    ids = sorted(set(restriction_ids))
    return "+".join(f"{RESTRICTION_PREFIX}{pk}" for pk in ids) if ids else PUBLIC


def page_token(page_id: int) -> str:
    """The token a document carries for each page on its path."""
    return f"{PAGE_PREFIX}{page_id}"


def _restriction_ids(token: str) -> tuple[int, ...] | None:
    """The restriction ids of a rule token; ``()`` for ``public``; None for any other token."""
    if token == PUBLIC:
        return ()
    parts = token.split("+")
    if not all(part.startswith(RESTRICTION_PREFIX) and part[1:].isdigit() for part in parts):
        return None
    return tuple(int(part[1:]) for part in parts)


def access_tokens_for_pages(page_ids: Iterable[int]) -> dict[int, list[str]]:
    """:func:`access_tokens` for many pages at once (three queries per 500 pages): what the
    store calls when it indexes a batch of items."""
    ids = {int(pk) for pk in page_ids}
    rules = restrictions.page_rules(ids)
    tokens = {}
    for pk in ids:
        found = rules.get(pk)
        if found is None:
            tokens[pk] = [NOBODY]
            continue
        rule = rule_token(found.restriction_ids) if found.published else NOBODY
        tokens[pk] = [rule, *(page_token(ancestor) for ancestor in found.ancestor_ids)]
    return tokens


def access_tokens(page_id: int | None) -> list[str]:
    """The tokens to index with an item of the page ``page_id`` (see the module docstring):
    its rule token first, then its page tokens. ``["public"]`` for an item of no page."""
    if page_id is None:
        return [PUBLIC]
    return access_tokens_for_pages([page_id])[int(page_id)]


def access_field():
    """The whoosh field type of ``ACCESS_FIELD``: space-separated tokens, kept as they are,
    not stored, not scored."""
    return adapter.fields.KEYWORD(stored=False, lowercase=False, commas=False, scorable=False)


def page_id_of(obj) -> int | None:
    """The page an indexed object belongs to: a page itself, the page a feature's
    ``Searchable.page_id`` names for its items, else None (a host's own model: public)."""
    from wagtail_social.features import searchables

    if isinstance(obj, Page):
        return obj.pk
    for _feature, searchable in searchables():
        if isinstance(obj, searchable.model):
            return searchable.page_id(obj)
    return None


def indexed_tokens(reader) -> set[str]:
    """The rule tokens of a whoosh reader's ``ACCESS_FIELD``, read without walking the page
    tokens (``public`` and the ``r…`` prefix: two seeks in the sorted lexicon)."""
    if ACCESS_FIELD not in reader.schema:
        return set()
    found = {text.decode() for text in reader.expand_prefix(ACCESS_FIELD, RESTRICTION_PREFIX)}
    if (ACCESS_FIELD, PUBLIC) in reader:
        found.add(PUBLIC)
    return found


def passed_tokens(user, indexed: Iterable[str | bytes]) -> list[str]:
    """Of the rule tokens ``indexed``, those ``user`` passes now, sorted (page tokens and
    unknown tokens are ignored; ``none`` is passed by nobody)."""
    combinations = rule_combinations(indexed)
    named = {pk for ids in combinations.values() for pk in ids}
    passed = restrictions.passed_restrictions(user, named) if named else frozenset()
    return sorted(token for token, ids in combinations.items() if passed.issuperset(ids))


@dataclass(frozen=True)
class Access:
    """What one person passes now, read from the database once per search (whatever the
    number of indexes searched): the restriction ids they pass among those the indexes name,
    and the page tokens of the stale subtrees hidden from them (:func:`hidden_page_tokens`)."""

    passed: frozenset[int]
    hidden: tuple[str, ...]

    def allowed(self, combinations: dict[str, tuple[int, ...]]) -> tuple[str, ...]:
        """Of an index's rule tokens (:func:`rule_combinations`), those this person passes."""
        return tuple(sorted(token for token, ids in combinations.items() if self.passed.issuperset(ids)))


def rule_combinations(indexed: Iterable[str | bytes]) -> dict[str, tuple[int, ...]]:
    """Rule token → its restriction ids, for the rule tokens of ``indexed`` (page tokens and
    ``none`` left out: passed by nobody)."""
    combinations: dict[str, tuple[int, ...]] = {}
    for token in indexed:
        text = token.decode() if isinstance(token, bytes) else str(token)
        ids = _restriction_ids(text)
        if ids is not None:
            combinations[text] = ids
    return combinations


def access_of(user, combinations: Iterable[dict[str, tuple[int, ...]]]) -> Access:
    """What ``user`` passes now among the rule tokens of the indexes searched (one
    :func:`rule_combinations` per index): at most two queries, decided as
    :func:`search_filter` decides."""
    user = user or AnonymousUser()
    named = {pk for found in combinations for ids in found.values() for pk in ids}
    passed = restrictions.passed_restrictions(user, named) if named else frozenset()
    return Access(frozenset(passed), tuple(hidden_page_tokens(user)))


def hidden_page_tokens(user) -> list[str]:
    """The page tokens of the pages whose rules changed since the index last followed them and
    that ``user`` may not see now (see "Stale documents" above): one query when the list is
    empty, as it is but for a moment after a change."""
    from .pending import StaleAccess

    stale = set(StaleAccess.objects.values_list("page_id", flat=True).distinct())
    if not stale:
        return []
    return sorted(page_token(pk) for pk in restrictions.pages_hidden_from(user, stale))


def _filter_query(allowed: Iterable[str], hidden: Iterable[str]):
    """The documents carrying one of the rule tokens ``allowed`` and none of the page tokens
    ``hidden``."""
    query = adapter.query
    kept = query.Or([query.Term(ACCESS_FIELD, token) for token in allowed])
    hidden = list(hidden)
    if hidden:
        return query.AndNot(kept, query.Or([query.Term(ACCESS_FIELD, token) for token in hidden]))
    return kept


def search_filter(user, indexed_tokens: Iterable[str | bytes]):
    """The whoosh query of the documents a search by ``user`` may return: those whose rule
    token ``user`` passes, less the stale subtrees they may not see now. ``indexed_tokens``: the
    index's rule tokens (:func:`indexed_tokens`; a lexicon with page tokens works too).

    Pass :func:`search_mask` to whoosh rather than this as ``filter=``: whoosh ignores a filter
    that matches no document (``FilterCollector``: ``if allow``, ``_allow and …``), so when
    nothing in the index passes (an index of a private community's items, searched by an
    outsider) such a filter would let every document through its counts."""
    user = user or AnonymousUser()
    return _filter_query(passed_tokens(user, indexed_tokens), hidden_page_tokens(user))


def search_mask(user, indexed_tokens: Iterable[str | bytes]):
    """The whoosh query of the documents a search by ``user`` must not return (pass it as
    ``mask=``): every document but :func:`search_filter`'s. Its size is the filter's; an empty
    mask means nothing to hide, which whoosh gets right."""
    query = adapter.query
    return query.AndNot(query.Every(), search_filter(user, indexed_tokens))


_UNSET = object()
_searching_as: ContextVar = ContextVar("wagtail_social_search_user", default=_UNSET)


@contextmanager
def searching_as(user) -> Iterator[None]:
    """Run the searches inside as ``user`` (None: an anonymous visitor): how a backend whose
    API takes no user (Wagtail's ``search()``) learns whom to filter for. The search page and
    the template tag wrap their searches in it; searches outside it (Wagtail's admin, which
    hides private communities by its own hooks) are not filtered."""
    token = _searching_as.set(user or AnonymousUser())
    try:
        yield
    finally:
        _searching_as.reset(token)


def searching_user():
    """The user of the innermost :func:`searching_as`, or None outside any."""
    user = _searching_as.get()
    return None if user is _UNSET else user
