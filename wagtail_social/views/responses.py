"""How every participation endpoint answers: JSON for our script, full pages and redirects
for a plain form post (everything works without JavaScript)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from wagtail.models import Page

from .. import generation


def wants_fragment(request) -> bool:
    """Our script asks for fragments and JSON; a plain form post gets full pages and redirects."""
    return request.headers.get("X-Wagtail-Social") == "1"


def page_url(
    request,
    page: Page,
    comments_page: int | None = None,
    anchor: str = "social-comments",
) -> str:
    # Kept for the current generation: Wagtail looks the request's site up in the database each
    # time, and that was half the cost of a reaction sent without JavaScript.
    url = generation.remembered(
        request, ("url", page.pk, request.get_host()), lambda: page.get_url(request) or "/"
    )
    if comments_page and comments_page > 1:
        url += "?" + urlencode({"comments_page": comments_page})
    return f"{url}#{anchor}"


def message_response(request, page: Page | None, message: str, status: int):
    """A refusal or a notice: ``{"ok": false, "message": ...}`` for the script, a short page
    with a link back to ``page`` for a plain form post."""
    if wants_fragment(request):
        return JsonResponse({"ok": False, "message": message}, status=status)
    context = {
        "page": page,
        "message": message,
        "back_url": page_url(request, page) if page else "/",
    }
    return render(request, "wagtail_social/comments/message.html", context, status=status)
