"""Serving a private community's pages to outsiders as pages that do not exist.

Wagtail answers a visitor outside a group-restricted page's groups with its login form ("your
account does not have access to this page"): anyone learns that the page exists, and its URL
tells them what it is about. This ``before_serve_page`` hook runs before Wagtail's own checks
(its request-method check, its view-restriction check in ``on_serve_page``) and raises the very
``Http404`` that Wagtail raises for a path it cannot route, so the answer is the host's 404 page,
byte for byte, headers included. The decision is the access module's
(:func:`wagtail_social.access.private.hides_as_missing`).
"""

from __future__ import annotations

from django.http import Http404
from wagtail.models import Page

from .access import private


def answer_private_pages_as_missing(page: Page, request, serve_args, serve_kwargs) -> None:
    """``before_serve_page`` hook: a 404 for a page the visitor may not know exists.

    Deciding reads the visitor's session (who they are); a missing page's answer does not, and
    Django's session middleware would add ``Vary: Cookie`` to ours only, telling the two apart.
    The flag is put back as it was: the 404 page, rendered next, sets it again if it reads the
    session, for a missing page as for this one."""
    session = getattr(request, "session", None)
    accessed = getattr(session, "accessed", None)
    if private.hides_as_missing(request, page):
        if accessed is not None:
            session.accessed = accessed
        raise Http404
