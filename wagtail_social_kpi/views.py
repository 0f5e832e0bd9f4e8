"""The employee-facing page, "What is measured about you": what the participation figures record
about a person, why, for how long and who sees what; the person's own participation; and their
choice to appear in the "most active contributors" list (off by default).

The page computes nothing itself: the list of what is recorded is the registered activities
(``wagtail_social.features``), the person's counts come from ``definitions.own_participation``.
The choice is a plain form post (CSRF-protected, rate-limited per person, works without
JavaScript) that redirects back to the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from wagtail_social import features
from wagtail_social.conf import settings as core_settings
from wagtail_social.endpoints import refuse_over_rate
from wagtail_social.layout import render_page

from .conf import settings
from .definitions import DateRange, own_participation
from .models import ContributorListConsent

TEMPLATE = "wagtail_social_kpi/measured.html"
# "The last 4 weeks" of a person's own counts.
RECENT_DAYS = 28
JOIN, LEAVE = "in", "out"


def page_context(request, error: str = "") -> dict:
    recent = DateRange.last_days(RECENT_DAYS)
    return {
        "features": [feature for feature in features.registered_features() if feature.activities],
        "own": own_participation(request.user, recent),
        "recent": recent,
        "consent": ContributorListConsent.objects.filter(user=request.user).first(),
        "retention_days": core_settings.PAGE_VIEW_RETENTION_DAYS,
        "retention_months": round(core_settings.PAGE_VIEW_RETENTION_DAYS / 30.44),
        "min_group_size": settings.MIN_GROUP_SIZE,
        "join": JOIN,
        "leave": LEAVE,
        "error": error,
    }


@require_GET
@login_required
def measured(request) -> HttpResponse:
    """The page; changes nothing."""
    return render_page(request, TEMPLATE, page_context(request))


@require_POST
@login_required
def contributor_list(request) -> HttpResponse:
    """Opt in (``list=in``) to or out (``list=out``) of the "most active contributors" list.
    Opting in again keeps the first date; opting out deletes the consent."""
    choice = request.POST.get("list")
    if choice not in (JOIN, LEAVE):
        return HttpResponseBadRequest(_("Choose whether to appear in the list."))
    refused = refuse_over_rate(
        request,
        None,
        "kpi_opt_in",
        settings.OPT_IN_RATE_LIMIT,
        _("You changed this choice too often: wait a minute and try again."),
        respond=lambda request, message, status: render_page(
            request, TEMPLATE, page_context(request, error=message), status=status
        ),
    )
    if refused is not None:
        return refused
    if choice == JOIN:
        ContributorListConsent.objects.get_or_create(user=request.user)
        notice = _("You now appear in the most active contributors list when you are among them.")
    else:
        ContributorListConsent.objects.filter(user=request.user).delete()
        notice = _("You no longer appear in the most active contributors list.")
    messages.success(request, notice, fail_silently=True)
    return redirect(reverse("wagtail_social_kpi:measured") + "#contributor-list")
