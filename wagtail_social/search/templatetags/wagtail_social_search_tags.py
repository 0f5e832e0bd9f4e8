"""``{% social_search %}``: the search form and results of :mod:`wagtail_social.search` in a
host's own search page (``{% load wagtail_social_search_tags %}``). It reads ``q``, ``kind``,
``section`` and ``page`` from the request's GET parameters, or searches ``query`` when given
(``{% social_search query="télétravail" %}``), for the person of the request."""

from __future__ import annotations

from django import template

from ..display import search_context

register = template.Library()


@register.inclusion_tag("wagtail_social_search/results.html", takes_context=True)
def social_search(context, query: str | None = None) -> dict:
    """The search form, its status line, facets, hits and page links."""
    request = context["request"]
    return {"request": request, **search_context(request, query)}
