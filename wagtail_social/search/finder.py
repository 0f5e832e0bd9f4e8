"""One search across pages and what employees write (comments, ideas, questions, suggestions,
polls): the hits, their count and the facets of the search page and of ``{% social_search %}``.

``backend.search(query, model)`` answers for one model; the search page mixes kinds, ranks them
together and counts them per kind and per section, so it reads the language indexes itself,
through the same pieces as the backend: each index's analyzer (the query is parsed by whoosh's
parser against the index's schema, so "reunion" finds "réunion"), the searchers each thread
keeps open (:mod:`.readers`), and the person's access as whoosh's ``mask=``
(:func:`masks.hidden_documents`, cached per segment; a mask also hides what an allow filter
matching nothing would let through). Every figure the page shows comes from whoosh under that
mask: the hits, their count, the counts per kind and per section. The kind and section chosen
narrow the query itself (``Require``), never an allow filter: whoosh ignores a filter that
matches nothing.

Documents carry ``kind`` ("page" or a feature's ``Searchable.kind``) and ``ancestors`` (their
page and its ancestors), which the backend writes (:mod:`.schema`); other indexed models
(images, documents) are not shown. A hit is shown only if its object is still found in the
database by its feature's ``searchable_items`` (or is a live page) and its page is still
visible to the person (``access.user_can_view``): a stale index never shows more.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field

from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from wagtail_social import access
from wagtail_social.features import Searchable, searchables

from . import adapter, analysis, masks, permissions, readers
from .backend import WhooshSearchBackend
from .conf import settings

Q = adapter.query
PAGE_KIND = "page"
TEXT_FIELD = "text"
BOOSTED_PREFIX = "text_boost_"


class QueryNotUnderstood(ValueError):
    """The words typed hold nothing whoosh can search for (only punctuation, operators or stop
    words such as "les")."""


@dataclass
class Kind:
    """A facet value: pages, or one feature's searchable model."""

    key: str
    label: object
    model: type
    searchable: Searchable | None = None


def kinds() -> dict[str, Kind]:
    """Pages first, then every searchable kind the installed features declare."""
    found = {PAGE_KIND: Kind(PAGE_KIND, _("Pages"), Page)}
    for _feature, searchable in searchables():
        found.setdefault(
            searchable.kind, Kind(searchable.kind, searchable.label, searchable.model, searchable)
        )
    return found


def search_backend(alias: str | None = None) -> WhooshSearchBackend:
    """The backend the search page reads: ``alias``, else ``WAGTAIL_SOCIAL_SEARCH_BACKEND``, else
    ``"default"`` when it is ours, else the first alias configured with our backend."""
    configured = getattr(django_settings, "WAGTAILSEARCH_BACKENDS", {}) or {}
    candidates = [alias or settings.BACKEND] if (alias or settings.BACKEND) else ["default", *configured]
    for name in candidates:
        if name not in configured and name != "default":
            continue
        backend = get_search_backend(name)
        if isinstance(backend, WhooshSearchBackend):
            return backend
    raise ImproperlyConfigured(
        "The search page needs a WAGTAILSEARCH_BACKENDS alias with "
        '"BACKEND": "wagtail_social.search.backend" (see docs/search.md).'
    )


def parse(text: str, whoosh_schema):
    """The whoosh query of ``text`` for an index of ``whoosh_schema``: words (all of them must
    match), "quoted phrases", ``OR``, ``NOT`` and parentheses; fields, wildcards and ranges are
    not offered (a word is a word). Titles and other boosted fields weigh more."""
    qparser = adapter.qparser
    fields = [TEXT_FIELD, *(name for name in whoosh_schema.names() if name.startswith(BOOSTED_PREFIX))]
    boosts = {name: float(name[len(BOOSTED_PREFIX) :].replace("_", ".")) for name in fields[1:]}
    plugins = [
        qparser.WhitespacePlugin(),
        qparser.PhrasePlugin(),
        qparser.GroupPlugin(),
        qparser.OperatorsPlugin(),
    ]
    parser = qparser.MultifieldParser(fields, whoosh_schema, fieldboosts=boosts, plugins=plugins)
    try:
        return parser.parse(text)
    except qparser.QueryParserError as error:
        raise QueryNotUnderstood(str(error)) from error


def query_terms(query) -> set[str]:
    """The indexed words of ``query`` (stemmed and folded as the index holds them), but those
    under a ``NOT``: what a snippet highlights."""
    terms = set()

    def walk(node):
        if isinstance(node, (Q.Not, Q.AndNot)):
            if isinstance(node, Q.AndNot):
                walk(node.a)
            return
        if isinstance(node, Q.Term):
            terms.add(node.text)
        elif isinstance(node, Q.Phrase):
            terms.update(node.words)
        for child in node.children():
            walk(child)

    walk(query)
    return {term.decode() if isinstance(term, bytes) else str(term) for term in terms}


@dataclass
class Found:
    """One hit, before its object is read: from the stored fields of the document."""

    score: float
    language: str
    kind: str
    pk: str
    page_id: int | None


@dataclass
class Outcome:
    """What a search by one person found: a page of hits and the figures about all of them."""

    total: int = 0
    found: list[Found] = field(default_factory=list)
    kind_counts: dict[str, int] = field(default_factory=dict)
    section_counts: dict[int, int] = field(default_factory=dict)
    terms: dict[str, set[str]] = field(default_factory=dict)  # language -> highlighted words
    understood: bool = True  # False: nothing searchable in the words typed


def _restriction(selected_kinds: list[str], section_id: int | None):
    parts = [Q.Or([Q.Term("kind", kind) for kind in selected_kinds])]
    if section_id is not None:
        parts.append(Q.Term("ancestors", str(section_id)))
    return parts[0] if len(parts) == 1 else Q.And(parts)


def _docs(searcher, query, mask) -> set[int]:
    return set(searcher.search(query, limit=None, scored=False, mask=mask).docs())


def _docs_with(searcher, fieldname: str, text: str) -> set[int]:
    if (fieldname, text) not in searcher.reader():
        return set()
    return set(searcher.docs_for_query(Q.Term(fieldname, text)))


def run(
    text: str,
    user,
    *,
    kinds_chosen: list[str] | None = None,
    section_id: int | None = None,
    section_ids: list[int] = (),
    start: int = 0,
    stop: int = 10,
    backend: WhooshSearchBackend | None = None,
) -> Outcome:
    """Search ``text`` as ``user`` (None: an anonymous visitor) in every language index: the
    hits ``start:stop`` by relevance, their count, the counts per kind (within the section
    chosen) and per section of ``section_ids`` (within the kinds chosen)."""
    backend = backend or search_backend()
    user = user or AnonymousUser()
    every_kind = list(kinds())
    chosen = [kind for kind in (kinds_chosen or []) if kind in every_kind] or every_kind
    outcome = Outcome(kind_counts=dict.fromkeys(every_kind, 0), section_counts=dict.fromkeys(section_ids, 0))
    found: list[Found] = []
    opened = parsed = 0
    with ExitStack() as stack:
        searchers = []
        for language in backend.search_languages(None):
            # The searchers this thread keeps open, at the index's latest commit (readers.py).
            searcher = stack.enter_context(readers.searcher(backend.store(language)))
            if searcher is not None:  # None: no index yet
                searchers.append((language, searcher))
        opened = len(searchers)
        # What the person passes, read once for every index (masks.py caches the mask of each
        # segment for it).
        passes = permissions.access_of(user, [masks.rule_combinations(searcher) for _, searcher in searchers])
        for language, searcher in searchers:
            query = parse(text, searcher.schema)
            if query is Q.NullQuery:
                continue
            parsed += 1
            outcome.terms[language] = query_terms(query)
            mask = masks.hidden_documents(searcher, passes)
            wanted = Q.Require(query, _restriction(chosen, section_id))
            # optimize=False: whoosh 2.7 asserts in IntersectionMatcher when skipping by quality
            # under a Require (matching/binary.py: a_id != b_id).
            results = searcher.search(wanted, limit=stop, mask=mask, optimize=False)
            outcome.total += len(results)
            for hit in results:
                page_id = hit.fields().get("page_id")  # not hit.get: whoosh-ng has no Hit.get
                found.append(
                    Found(hit.score, language, hit["kind"], hit["pk"], int(page_id) if page_id else None)
                )
            _count_facets(searcher, query, mask, chosen, section_id, section_ids, outcome)
    outcome.understood = parsed > 0 or opened == 0
    found.sort(key=lambda hit: -hit.score)
    outcome.found = found[start:stop]
    return outcome


def _count_facets(searcher, query, mask, chosen, section_id, section_ids, outcome: Outcome) -> None:
    """Counts per kind (the section chosen applies) and per section (the kinds chosen apply),
    each among the documents the person may find (``mask``)."""
    in_section = _docs(searcher, Q.Require(query, _restriction(list(outcome.kind_counts), section_id)), mask)
    for kind in outcome.kind_counts:
        if in_section:
            outcome.kind_counts[kind] += len(in_section & _docs_with(searcher, "kind", kind))
    if not section_ids:
        return
    of_kinds = _docs(searcher, Q.Require(query, _restriction(chosen, None)), mask)
    for section in section_ids:
        if of_kinds:
            outcome.section_counts[section] += len(of_kinds & _docs_with(searcher, "ancestors", str(section)))


def load(found: list[Found], user) -> list[tuple[Found, object, Page]]:
    """(hit, object, page) of the hits whose object is still searchable and whose page ``user``
    may still see, in the order of ``found``: a stale index never shows more."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for hit in found:
        by_kind[hit.kind].append(hit.pk)
    known = kinds()
    objects: dict[tuple[str, str], object] = {}
    for kind, pks in by_kind.items():
        if kind not in known:
            continue
        model = known[kind].model
        pk_field = model._meta.pk
        queryset = model._default_manager.filter(pk__in=[pk_field.to_python(pk) for pk in pks])
        if kind == PAGE_KIND:
            queryset = queryset.filter(pk__in=access.published_pages().values("pk")).specific()
        else:
            queryset = known[kind].searchable.searchable_items(queryset)
        objects.update({(kind, str(obj.pk)): obj for obj in queryset})
    page_ids = {hit.page_id for hit in found if hit.page_id}
    pages = {page.pk: page for page in access.published_pages().filter(pk__in=page_ids).specific()}
    shown = []
    for hit in found:
        obj, page = objects.get((hit.kind, hit.pk)), pages.get(hit.page_id)
        if obj is None or page is None:
            continue
        if access.user_can_view(user, page):
            shown.append((hit, obj, page))
    return shown


def analyzer(language: str):
    """The analyzer of the text of ``language``'s index (to highlight what matched)."""
    return analysis.text_analyzer(language)
