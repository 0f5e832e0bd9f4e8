"""What the search page and ``{% social_search %}`` show, read from the request's GET parameters
(``q``, ``kind`` (repeatable), ``section``, ``page``): the hits as the template lists them, the
facets, the "did you mean", the page links. Everything is computed for ``request.user`` through
:mod:`.finder` and :mod:`.suggestions` (whoosh under the person's access mask); the sections
offered are the top-level pages of the site the person may open.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from wagtail_social.access.private import site_root, visible_children
from wagtail_social.endpoints import parse_id

from . import finder, snippets, suggestions
from .conf import settings

MAX_PAGE = 100  # deeper pages are not offered: refine the search instead
PAGE_WINDOW = 4  # page links shown on each side of the current one


@dataclass
class Hit:
    kind: str
    kind_label: object
    heading: str
    url: str
    status: str
    snippet: str
    page: Page
    page_url: str
    obj: object


@dataclass
class FacetValue:
    value: str
    label: object
    count: int
    selected: bool


def _page_number(value) -> int:
    number = parse_id(value)
    return min(number, MAX_PAGE) if number else 1


def _section(request, value, sections: list[Page]) -> Page | None:
    """The section asked for, if it is one the person may open (anything else: no section)."""
    section_id = parse_id(value)
    return next((section for section in sections if section.pk == section_id), None)


def _hit(kind: finder.Kind, obj, page: Page, terms: set[str], language: str, request) -> Hit:
    searchable = kind.searchable
    page_url = page.get_url(request) or ""
    if searchable is None:
        heading, url, status = page.title, page_url, ""
    else:
        heading = searchable.heading(obj) if searchable.heading else str(obj)
        url = searchable.url(obj) if searchable.url else getattr(obj, "get_absolute_url", lambda: None)()
        url = page_url + url if url and url.startswith("#") else url or page_url
        status = searchable.status(obj) if searchable.status else ""
    snippet = snippets.highlight(snippets.text_of(obj), terms, finder.analyzer(language))
    return Hit(kind.key, kind.label, heading, url, status, snippet, page, page_url, obj)


def _link(query: str, kinds: list[str], section: Page | None, page: int | None = None) -> str:
    params = [("q", query), *(("kind", kind) for kind in kinds)]
    if section is not None:
        params.append(("section", section.pk))
    if page and page > 1:
        params.append(("page", page))
    return "?" + urlencode(params)


def search_context(request, query: str | None = None) -> dict:
    """The template context of a search by ``request.user`` (``query``: instead of ``q``)."""
    params = request.GET
    text = query if query is not None else params.get("q", "")
    text = " ".join(str(text).split())[: settings.MAX_QUERY_LENGTH]
    known = finder.kinds()
    chosen = [kind for kind in params.getlist("kind") if kind in known]
    root = site_root(request)
    sections = list(visible_children(request, root)) if root is not None else []
    section = _section(request, params.get("section"), sections)
    context = {"query": text, "kinds_chosen": chosen, "section": section, "searched": bool(text)}
    if not text:
        return context
    per_page = settings.RESULTS_PER_PAGE
    number = _page_number(params.get("page"))
    outcome = finder.run(
        text,
        request.user,
        kinds_chosen=chosen,
        section_id=section.pk if section else None,
        section_ids=[page.pk for page in sections],
        start=(number - 1) * per_page,
        stop=number * per_page,
    )
    if not outcome.understood:
        context["not_understood"] = True
        return context
    hits = [
        _hit(known[found.kind], obj, page, outcome.terms.get(found.language, set()), found.language, request)
        for found, obj, page in finder.load(outcome.found, request.user)
    ]
    pages = min(MAX_PAGE, math.ceil(outcome.total / per_page)) if outcome.total else 0
    suggestion = suggestions.did_you_mean(text, request.user)
    context.update(
        total=outcome.total,
        hits=hits,
        first=(number - 1) * per_page + 1,
        kind_facets=[
            FacetValue(key, kind.label, outcome.kind_counts.get(key, 0), key in chosen)
            for key, kind in known.items()
            if outcome.kind_counts.get(key, 0) or key in chosen
        ],
        section_facets=[
            FacetValue(str(page.pk), page.title, outcome.section_counts.get(page.pk, 0), page == section)
            for page in sections
            if outcome.section_counts.get(page.pk, 0) or page == section
        ],
        page_number=number,
        page_links=[
            (n, _link(text, chosen, section, n))
            for n in range(max(1, number - PAGE_WINDOW), min(pages, number + PAGE_WINDOW) + 1)
        ]
        if pages > 1
        else [],
        previous_link=_link(text, chosen, section, number - 1) if number > 1 else "",
        next_link=_link(text, chosen, section, number + 1) if number < pages else "",
        suggestion=suggestion,
        suggestion_link=_link(suggestion, chosen, section) if suggestion else "",
        status_text=_status_text(outcome.total),
    )
    return context


def _status_text(total: int) -> str:
    if not total:
        return _("No result.")
    return ngettext("%(count)s result.", "%(count)s results.", total) % {"count": total}
