"""The “Was this page helpful?” endpoint."""

from __future__ import annotations

from django.http import HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import helpful
from ..conf import settings
from ..endpoints import (
    message_response,
    page_url,
    refuse_non_participant,
    refuse_over_rate,
    visible_page_or_404,
    wants_fragment,
)
from ..forms import HelpfulForm


@require_POST
def answer(request):
    page = visible_page_or_404(request, request.POST.get("page"))
    refusal = refuse_non_participant(
        request,
        page,
        "helpful",
        _("Log in to answer."),
        _("This question is not asked on this page."),
    )
    if refusal is not None:
        return refusal
    form = HelpfulForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return message_response(request, page, message, 400)
    refusal = refuse_over_rate(
        request,
        page,
        "helpful",
        settings.HELPFUL_RATE_LIMIT,
        _("Too many answers in a short time: wait a moment."),
    )
    if refusal is not None:
        return refusal
    helpful.answer(request.user, page, form.cleaned_data["helpful"], form.cleaned_data["comment"].strip())
    message = _("Thank you for your answer.")
    if wants_fragment(request):
        return JsonResponse({"ok": True, "message": message})
    return HttpResponseRedirect(page_url(request, page, anchor="social-helpful"))
