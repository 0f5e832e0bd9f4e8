"""The layout around the suite's own full pages (a comment's edit form, "who reacted", the
email stop page, messages, the charter, "what is measured").

These pages are reached from the host's site, so they belong inside its layout: every one of
them extends ``wagtail_social/base.html``, which extends the template named by
``WAGTAIL_SOCIAL_BASE_TEMPLATE`` (the host's own base template). The name travels in the
context because ``{% extends %}`` can take a variable but no template tag; the views render
through :func:`render_page` so that no page forgets it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .conf import settings

CONTEXT_NAME = "social_base_template"


def page_context(context: dict | None = None) -> dict:
    """``context`` with the name of the host's base template added (a view's own value wins)."""
    return {CONTEXT_NAME: settings.BASE_TEMPLATE, **(context or {})}


def render_page(
    request: HttpRequest, template_name: str, context: dict | None = None, status: int | None = None
) -> HttpResponse:
    """Django's ``render`` for a full page of the suite, inside the host's layout."""
    return render(request, template_name, page_context(context), status=status)
