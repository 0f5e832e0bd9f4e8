"""The usage charter's pages: the current version at a stable URL, each earlier version at its
own, and the accept page, which completes the action that was kept when the charter was asked
for (``charter.pending``). Rendered inside the site's layout like our other pages."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import charter
from ..charter import pending
from ..charter.presentation import charter_url, required_payload
from ..endpoints import wants_fragment
from ..layout import render_page
from ..models import CharterVersion

TEMPLATE = "wagtail_social/charter/charter.html"


def _page(request, version: CharterVersion, status: int = 200, **extra):
    context = {
        "version": version,
        "is_current": version.number == charter.current_version(request).number,
        "acceptance": charter.acceptance_of(request.user, version),
        "versions": CharterVersion.objects.only("number", "published_at"),
        "current_url": charter_url(),
        **extra,
    }
    return render_page(request, TEMPLATE, context, status=status)


@require_GET
def current(request):
    version = charter.latest()
    if version is None:
        raise Http404
    return _page(request, version)


@require_GET
def version(request, number: int):
    return _page(request, get_object_or_404(CharterVersion, number=number))


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def accept(request):
    """GET: the current version with an "I accept" form (and what is waiting, if an action was
    kept). POST: the acceptance of the version shown (a newer one published meanwhile is shown
    instead: nobody accepts a text they did not see), then the kept action, sent again."""
    latest = charter.latest()
    if latest is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    token = request.POST.get("action") or request.GET.get("action") or ""
    action = pending.peek(request, token)
    if request.method == "POST":
        if request.POST.get("version") != str(latest.number):
            if wants_fragment(request):
                return JsonResponse(required_payload(request, charter.current_version(request)), status=409)
            return _accept_page(request, latest, action, token, status=409, newer=True)
        charter.accept(request.user, latest)
        action = pending.take(request, token)
        if action is not None:
            response = pending.replay(request, action)
            if response is not None:
                return response
        if wants_fragment(request):
            return JsonResponse({"ok": True, "message": _("Thank you: you accepted the usage charter.")})
        return HttpResponseRedirect(_safe_next(request) or (action or {}).get("back") or charter_url())
    return _accept_page(request, latest, action, token)


def _accept_page(request, latest, action, token, status: int = 200, newer: bool = False):
    return _page(
        request,
        latest,
        status=status,
        accepting=True,
        action=action,
        token=token if action else "",
        next=_safe_next(request),
        newer=newer,
    )
