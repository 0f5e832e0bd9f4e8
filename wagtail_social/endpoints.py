"""The toolkit of every participation endpoint, the core's and other apps' alike: the same
checks in the same order, and the same answers.

1. the page, visible to the requester or 404 (``visible_page_or_404``; ids parsed by ``parse_id``);
2. the participant check: logged in, may act on the page, the feature switched on there
   (``refuse_non_participant``);
   then, for a POST, the usage charter: a person who has not accepted its current version is
   asked to, and their action completes once they do (``refuse_without_charter``, which
   ``refuse_non_participant`` calls: every endpoint using the toolkit asks for it);
3. the feature's per-person rate limit, just before the write (``refuse_over_rate``);
4. the answer: JSON for our script, a page or a redirect for a plain form post (everything works
   without JavaScript): ``wants_fragment``, ``page_url``, ``message_response``.

Each ``refuse_*`` returns a response refusing the request, or None to go on. An app with its own
refusal page (polls show the poll again) passes ``respond=``.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.models import Page

from . import access, charter, generation
from .charter import pending
from .charter.presentation import required_payload
from .layout import render_page
from .policy import policy_for
from .ratelimit import retry_after
from .sql import MAX_ID

Respond = Callable[[object, str, int], HttpResponse]


def parse_id(value) -> int | None:
    """A positive id from a URL or form value, or None for anything else (never an error)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def visible_page_or_404(request, page_id) -> Page:
    """The page named by ``page_id`` (a raw form value) if the requester may see it, else 404."""
    return access.get_visible_page_or_404(request, parse_id(page_id))


def wants_fragment(request) -> bool:
    """Our script asks for fragments and JSON; a plain form post gets full pages and redirects."""
    return request.headers.get("X-Wagtail-Social") == "1"


def page_url(
    request,
    page: Page,
    comments_page: int | None = None,
    anchor: str = "social-comments",
    page_param: str = "comments_page",
) -> str:
    """The page's URL, at ``anchor`` and, past the first, on discussion page ``comments_page``
    (the query parameter is ``page_param``: each discussion of a page has its own)."""
    # Kept for the current generation: Wagtail looks the request's site up in the database each
    # time, and that was half the cost of a reaction sent without JavaScript.
    url = generation.remembered(
        request, ("url", page.pk, request.get_host()), lambda: page.get_url(request) or "/"
    )
    if comments_page and comments_page > 1:
        url += "?" + urlencode({page_param: comments_page})
    return f"{url}#{anchor}"


def target_url(request, target, comments_page: int | None = None, anchor: str | None = None) -> str:
    """Where the discussion of ``target`` (a ``targets.Target``) is shown, at ``anchor`` (by
    default its discussion block) and on discussion page ``comments_page``: the target's own URL
    when it has one (a contribution's page), else its Wagtail page's."""
    anchor = anchor or f"{target.dom_id}-comments"
    own = target.own_url
    if own is None:
        return page_url(request, target.page, comments_page, anchor, target.page_param)
    if comments_page and comments_page > 1:
        own += ("&" if "?" in own else "?") + urlencode({target.page_param: comments_page})
    return f"{own}#{anchor}"


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
    return render_page(request, "wagtail_social/comments/message.html", context, status=status)


def refuse_non_participant(
    request,
    page: Page,
    feature: str,
    login_message,
    closed_message,
    *,
    anchor: str = "social-comments",
    respond: Respond | None = None,
):
    """A response refusing the request, or None when the requester may use ``feature`` (a
    registered feature key: ``"reactions"``, ``"polls"``…) on ``page``: 401 (script) or the
    login page (form) for an anonymous visitor, 403 when they may not act there or the feature
    is off on the page."""
    if not request.user.is_authenticated:
        if wants_fragment(request):
            return JsonResponse({"ok": False, "message": str(login_message)}, status=401)
        return redirect_to_login(page_url(request, page, anchor=anchor))
    if not (access.can_participate(request, page) and policy_for(request, page).enabled(feature)):
        return _respond(request, page, str(closed_message), 403, respond)
    return refuse_without_charter(request, page, anchor=anchor)


def refuse_without_charter(request, page: Page, *, anchor: str = "social-comments"):
    """None when the requester may act without being asked for the usage charter (not a POST,
    no charter required, or they accepted its current version); otherwise the request asking
    for it. For our script, a 403 ``{"charter_required": true, "charter": {...}}`` with the
    charter's text and where to accept it: the script shows it in a dialog and, once accepted,
    sends the same request again. For a plain form post, the action is kept server-side
    (``charter.pending``) and the person is sent to the accept page, whose acceptance completes
    it. Call it after the participant checks (a refused person is not asked to accept)."""
    if request.method != "POST":
        return None
    version = charter.required_version(request)
    if version is None:
        return None
    if wants_fragment(request):
        return JsonResponse(required_payload(request, version), status=403)
    token = pending.keep(request, page_url(request, page, anchor=anchor), page.title)
    return redirect(f"{reverse('wagtail_social_charter:accept')}?{urlencode({'action': token})}")


def refuse_over_rate(
    request, page: Page, scope: str, rate: tuple[int, int], message, *, respond: Respond | None = None
):
    """A 429 with ``Retry-After`` when this person sent more than ``rate`` — ``(requests,
    seconds)``, the feature's own setting — in ``scope``, else None. Call it just before the
    write: a refused request stores nothing, and every request that gets this far counts."""
    limit, window = rate
    wait = retry_after(request.user.pk, scope, limit, window)
    if wait is None:
        return None
    response = _respond(request, page, str(message), 429, respond)
    response["Retry-After"] = str(wait)
    return response


def _respond(request, page, message: str, status: int, respond: Respond | None):
    return respond(request, message, status) if respond else message_response(request, page, message, status)
