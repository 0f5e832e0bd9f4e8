"""Reporting a contribution to moderators, and withdrawing one's report: the endpoints of
``reporting``, in the style of the comments' (``wagtail_social.views.comments.flag_comment``):
the contribution of a page the requester may see or 404, the participant check, then the
per-person rate limit of reports (``WAGTAIL_SOCIAL_FLAG_RATE_LIMIT``, the comments' scope: one
budget of reports a person), then the write. A POST form that works without JavaScript; a
request from a script gets JSON. Like a comment's report, it does not ask for the usage charter:
reporting abuse is not taking part."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail_social import access
from wagtail_social.conf import settings as core_settings
from wagtail_social.endpoints import message_response, refuse_over_rate, wants_fragment
from wagtail_social.forms import ReportForm

from . import reporting
from .views import visible_contribution_or_404


def _back(request, contribution, message: str):
    if wants_fragment(request):
        return JsonResponse({"ok": True, "id": contribution.pk, "message": message})
    return HttpResponseRedirect(f"{contribution.get_absolute_url()}#contribution-{contribution.pk}")


def _refuse_visitor(request, contribution):
    if request.user.is_authenticated:
        return None
    if not wants_fragment(request):
        return redirect_to_login(contribution.get_absolute_url())
    return message_response(request, contribution.page, _("Log in to report a contribution."), 401)


@require_POST
def report(request, pk: int):
    contribution = visible_contribution_or_404(request, pk)
    page = contribution.page
    refusal = _refuse_visitor(request, contribution)
    if refusal is not None:
        return refusal
    if not access.can_participate(request, page):
        return message_response(request, page, _("You cannot take part on this page."), 403)
    if contribution.author_id == request.user.pk:
        return message_response(request, page, _("You cannot report your own contribution."), 400)
    if not reporting.can_report(contribution, request.user):
        return message_response(request, page, _("This contribution can no longer be reported."), 400)
    refusal = refuse_over_rate(
        request,
        page,
        "flags",
        core_settings.FLAG_RATE_LIMIT,
        _("Too many reports in a short time: wait a moment before reporting again."),
    )
    if refusal is not None:
        return refusal
    form = ReportForm(request.POST)
    if not form.is_valid():
        return message_response(request, page, _("Choose one of the reasons offered."), 400)
    reporting.report(contribution, request.user, form.cleaned_data["reason"], form.cleaned_data["text"])
    return _back(request, contribution, _("Thank you: moderators will look at this contribution."))


@require_POST
def withdraw_report(request, pk: int):
    """The author of a report takes it back (while no moderator has decided on it)."""
    contribution = visible_contribution_or_404(request, pk)
    refusal = _refuse_visitor(request, contribution)
    if refusal is not None:
        return refusal
    if not reporting.withdraw_report(contribution, request.user):
        return message_response(
            request, contribution.page, _("You have no open report on this contribution."), 400
        )
    return _back(request, contribution, _("Your report is withdrawn."))
