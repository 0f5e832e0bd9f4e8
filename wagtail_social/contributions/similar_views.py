"""``GET …/similar/?page=<id>&kind=<kind>&q=<title>``: the similar contributions of a section,
as JSON for the form's script (with the HTML fragment it shows) or as the fragment alone."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail_social.endpoints import (
    refuse_non_participant,
    refuse_over_rate,
    visible_page_or_404,
    wants_fragment,
)

from .conf import settings
from .models import FEATURE_OF_KIND, IDEA
from .similar import FRAGMENT, similar_to


@require_GET
def similar(request):
    """Only for those who may write on the page (the form's audience): the page visible or 404,
    the kind switched on there, then the per-person rate limit."""
    page = visible_page_or_404(request, request.GET.get("page"))
    kind = request.GET.get("kind") or IDEA
    if kind not in FEATURE_OF_KIND:
        kind = IDEA
    refusal = refuse_non_participant(
        request,
        page,
        FEATURE_OF_KIND[kind],
        _("Log in to take part."),
        _("Contributions are not open on this page."),
        anchor="social-contributions",
    ) or refuse_over_rate(
        request,
        page,
        "similar",
        settings.SIMILAR_RATE_LIMIT,
        _("Too many searches in a short time: wait a moment."),
    )
    if refusal is not None:
        return refusal
    query = request.GET.get("q", "")[: settings.TITLE_MAX_LENGTH]
    found = similar_to(request, page, kind, query)
    context = {"similar": found, "query": query}
    if not wants_fragment(request):
        return render(request, FRAGMENT, context)
    return JsonResponse(
        {
            "ok": True,
            "results": [
                {
                    "id": contribution.pk,
                    "title": contribution.title,
                    "kind": contribution.kind,
                    "state": contribution.state,
                    "url": contribution.get_absolute_url(),
                }
                for contribution in found
            ],
            "html": render_to_string(FRAGMENT, context, request=request),
        }
    )
