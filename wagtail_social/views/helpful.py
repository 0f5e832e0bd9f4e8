"""The “Was this page helpful?” endpoint."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, helpful
from ..conf import settings
from ..forms import HelpfulForm
from ..models.policy import policy_for
from ..ratelimit import retry_after
from .comments import message_response, page_url, wants_fragment
from .reactions import parse_id


@require_POST
def answer(request):
    page = access.get_visible_page_or_404(request, parse_id(request.POST.get("page")))
    if not request.user.is_authenticated:
        if wants_fragment(request):
            return JsonResponse({"ok": False, "message": _("Log in to answer.")}, status=401)
        return redirect_to_login(page_url(request, page))
    if not (access.can_participate(request, page) and policy_for(request, page).helpful_enabled):
        return message_response(request, page, _("This question is not asked on this page."), 403)
    form = HelpfulForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return message_response(request, page, message, 400)
    limit, window = settings.REACTION_RATE_LIMIT
    wait = retry_after(request.user.pk, "helpful", limit, window)
    if wait is not None:
        response = message_response(request, page, _("Too many answers in a short time: wait a moment."), 429)
        response["Retry-After"] = str(wait)
        return response
    helpful.answer(request.user, page, form.cleaned_data["helpful"], form.cleaned_data["comment"].strip())
    message = _("Thank you for your answer.")
    if wants_fragment(request):
        return JsonResponse({"ok": True, "message": message})
    return HttpResponseRedirect(page_url(request, page, anchor="social-helpful"))
