"""The search page: pages and participation found together, for the person asking (GET, works
without JavaScript, inside the host's layout through ``wagtail_social.layout``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail_social.layout import render_page
from wagtail_social.ratelimit import retry_after

from .conf import settings
from .display import search_context

TEMPLATE = "wagtail_social_search/search_page.html"
RATE_SCOPE = "search"


def _over_rate(request: HttpRequest) -> int | None:
    """Seconds to wait when this person searched more than ``RATE_LIMIT`` allows. Keyed on the
    account, never the address; anonymous visitors share one allowance (an intranet's search
    is for its people)."""
    if not request.GET.get("q", "").strip():
        return None  # the empty form costs nothing
    limit, window = settings.RATE_LIMIT
    person = request.user.pk if request.user.is_authenticated else "anonymous"
    return retry_after(person, RATE_SCOPE, limit, window)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The search page: ``?q=words&kind=idea&section=<id>&page=2``."""
    wait = _over_rate(request)
    if wait is not None:
        context = {
            "query": request.GET.get("q", ""),
            "searched": False,
            "over_rate": True,
            "retry_after": wait,
        }
        response = render_page(request, TEMPLATE, context, status=429)
        response["Retry-After"] = str(wait)
        return response
    context = search_context(request)
    context["title"] = _("Search")
    return render_page(request, TEMPLATE, context)
