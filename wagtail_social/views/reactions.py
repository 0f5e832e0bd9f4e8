"""Reaction endpoints. Like every surface, they ask the access module first: a page the
requester may not see answers 404."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import discussion, reactions
from ..conf import settings
from ..endpoints import (
    message_response,
    page_url,
    parse_id,
    refuse_non_participant,
    refuse_over_rate,
    visible_page_or_404,
    wants_fragment,
)
from ..models import Reaction
from ..policy import policy_for


def reaction_target(request, data):
    """The visible page and, if named, its visible comment; 404 for anything else."""
    page = visible_page_or_404(request, data.get("page"))
    comment = None
    if data.get("comment"):
        comment_id = parse_id(data.get("comment"))
        comment = (
            discussion.comments_of(page).filter(pk=comment_id, is_public=True, is_removed=False).first()
            if comment_id
            else None
        )
        if comment is None:
            raise Http404
    return page, comment


@require_POST
def react(request):
    page, comment = reaction_target(request, request.POST)
    refusal = refuse_non_participant(
        request, page, "reactions", _("Log in to react."), _("Reactions are not open on this page.")
    )
    if refusal is not None:
        return refusal
    action, _sep, kind = (request.POST.get("reaction") or "").partition(":")
    if action not in ("add", "remove") or not reactions.is_known_kind(kind):
        return message_response(request, page, _("Unknown reaction."), 400)
    refusal = refuse_over_rate(
        request,
        page,
        "reactions",
        settings.REACTION_RATE_LIMIT,
        _("Too many reactions in a short time: wait a moment."),
    )
    if refusal is not None:
        return refusal
    reactions.set_reaction(request.user, page, comment, kind, on=action == "add")
    if wants_fragment(request):
        return JsonResponse(
            {"ok": True, "reactions": reactions.target_reactions(page, comment, request.user)}
        )
    anchor = f"comment-{comment.pk}" if comment else "social-reactions"
    number = discussion.page_number_of(comment, request.user) if comment else None
    return HttpResponseRedirect(page_url(request, page, number, anchor))


@require_GET
def who_reacted(request):
    """Names of the people who reacted, for people who may see the page."""
    page, comment = reaction_target(request, request.GET)
    if not request.user.is_authenticated:  # names are for colleagues, not for anonymous readers
        return redirect_to_login(request.get_full_path())
    kind = request.GET.get("kind", "")
    if not reactions.is_known_kind(kind) or not policy_for(request, page).enabled("reactions"):
        raise Http404
    user_ids = Reaction.objects.filter(page=page, comment=comment, kind=kind).values("user_id")
    people = get_user_model().objects.filter(pk__in=user_ids).order_by("last_name", "first_name", "username")
    label = next(item.label for item in reactions.reaction_kinds() if item.kind == kind)
    context = {
        "page": page,
        "comment": comment,
        "label": label,
        "people": people,
        "back_url": page_url(request, page),
    }
    return render(request, "wagtail_social/reactions/who.html", context)
