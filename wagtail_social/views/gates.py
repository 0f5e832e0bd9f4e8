"""Checks every participation endpoint makes in the same order, written once: who may act on a
page for a given feature, and the per-person rate limit of that feature."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse

from .. import access
from ..policy import policy_for
from ..ratelimit import retry_after
from .responses import message_response, page_url, wants_fragment


def refuse_non_participant(request, page, feature: str, login_message, closed_message):
    """A response refusing the request, or None when the requester may use ``feature``
    (a feature key: ``"reactions"``, ``"helpful"``…) on ``page``."""
    if not request.user.is_authenticated:
        if wants_fragment(request):
            return JsonResponse({"ok": False, "message": str(login_message)}, status=401)
        return redirect_to_login(page_url(request, page))
    if not (access.can_participate(request, page) and policy_for(request, page).enabled(feature)):
        return message_response(request, page, closed_message, 403)
    return None


def refuse_over_rate(request, page, scope: str, rate: tuple[int, int], message):
    """A 429 with ``Retry-After`` when this person sent more than ``rate`` — ``(requests,
    seconds)``, the feature's own setting — in ``scope``, else None. Call it just before the
    write: a refused request stores nothing, and every request that gets this far counts."""
    limit, window = rate
    wait = retry_after(request.user.pk, scope, limit, window)
    if wait is None:
        return None
    response = message_response(request, page, message, 429)
    response["Retry-After"] = str(wait)
    return response
