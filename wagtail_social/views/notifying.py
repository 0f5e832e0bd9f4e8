"""The person's notification screens and endpoints: their preferences page, the one-click stop
link of every email, the follow / stop following button of a discussion, and the people a
``@`` mention may name on a page (those who may see it)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .. import access, delivery, endpoints, following, targets
from ..conf import settings
from ..digests import DIGEST_KIND
from ..layout import render_page
from ..models import NotificationPreference
from ..notification_kinds import DAILY, FREQUENCIES, FREQUENCY_CHOICES, OFF, WEEKLY, all_kinds, get_kind

PEOPLE_LISTED = 10
DIGESTS = (DAILY, WEEKLY)


@login_required
def preferences(request):
    """Each registered kind: off, at once, or in a daily or weekly digest. Works without
    JavaScript (one form, radio buttons per kind)."""
    user = request.user
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    saved = False
    if request.method == "POST":
        for kind in all_kinds():
            value = request.POST.get(f"kind-{kind.key}")
            if value in FREQUENCIES:
                NotificationPreference.objects.update_or_create(
                    user=user, kind=kind.key, defaults={"frequency": value}
                )
                chosen[kind.key] = value
        saved = True
    rows = [
        {"kind": kind, "frequency": chosen.get(kind.key, kind.default), "field": f"kind-{kind.key}"}
        for kind in all_kinds()
    ]
    context = {"rows": rows, "choices": FREQUENCY_CHOICES, "saved": saved}
    return render_page(request, "wagtail_social/notifying/preferences.html", context)


@csrf_exempt  # the signed token is the authorisation; mail clients POST it (RFC 8058) with no cookie
def stop(request, token: str):
    """Stop one kind of email (the link and ``List-Unsubscribe`` of every email). GET asks; a
    POST (the button, or the mail client's one-click) switches the kind off."""
    try:
        user_id, key = delivery.read_stop_token(token)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Http404 from None
    person = get_user_model()._default_manager.filter(pk=user_id).first()
    if key == DIGEST_KIND:  # a digest's link stops every kind it carries
        label, keys = (
            _("Digests"),
            [k.key for k in all_kinds() if delivery.frequency_for(person, k.key) in DIGESTS],
        )
    else:
        kind = get_kind(key)
        label, keys = (kind.label if kind else None), [key]
    if label is None or person is None:
        raise Http404
    done = False
    if request.method == "POST":
        for each in keys:
            NotificationPreference.objects.update_or_create(
                user=person, kind=each, defaults={"frequency": OFF}
            )
        done = True
    return render_page(request, "wagtail_social/notifying/stop.html", {"label": label, "done": done})


@require_POST
def follow(request):
    """Follow (``follow=1``) or stop following (``follow=0``) one discussion: its page and
    target (``content_type``, ``object_pk``), visible to the requester or 404."""
    page = endpoints.visible_page_or_404(request, request.POST.get("page"))
    target = targets.get_visible_target_or_404(
        request, request.POST.get("content_type"), request.POST.get("object_pk")
    )
    if target.page.pk != page.pk:
        raise Http404
    if not request.user.is_authenticated:
        return endpoints.refuse_non_participant(request, page, "comments", _("Log in to follow."), "")
    refused = endpoints.refuse_over_rate(
        request,
        page,
        "follow",
        settings.MENTION_RATE_LIMIT,
        _("Too many changes in a short time. Please wait a moment."),
    )
    if refused is not None:
        return refused
    now_following = request.POST.get("follow") == "1"
    following.set_following(request.user, target, now_following)
    if endpoints.wants_fragment(request):
        return JsonResponse({"ok": True, "following": now_following})
    return redirect(endpoints.target_url(request, target))


@require_GET
def people(request):
    """``{"people": [{"username", "name"}]}``: who a ``@`` mention may name on the page (people
    who may see it) whose username or name starts with ``q``; for the name completion."""
    page = endpoints.visible_page_or_404(request, request.GET.get("page"))
    if not request.user.is_authenticated:
        return JsonResponse({"ok": False, "message": _("Log in to mention someone.")}, status=401)
    refused = endpoints.refuse_over_rate(
        request, page, "mention", settings.MENTION_RATE_LIMIT, _("Too many requests. Please wait a moment.")
    )
    if refused is not None:
        return refused
    query = request.GET.get("q", "").strip()[:50]
    if not query:
        return JsonResponse({"people": []})
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(username__istartswith=query)
            | Q(first_name__istartswith=query)
            | Q(last_name__istartswith=query)
        )
        .exclude(pk=request.user.pk)
        .prefetch_related("groups")
        .order_by("username")[:50]
    )
    visible = access.filter_users_who_can_view(page, users)[:PEOPLE_LISTED]
    listed = [
        {"username": user.get_username(), "name": user.get_full_name() or user.get_username()}
        for user in visible
    ]
    return JsonResponse({"people": listed})
