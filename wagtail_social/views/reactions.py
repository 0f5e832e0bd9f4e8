"""Reaction endpoints. Like every surface, they ask the access module first: a page (or a
target on a page) the requester may not see answers 404."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_comments_xtd.models import XtdComment

from .. import discussion, reactions, targets
from ..conf import settings
from ..endpoints import (
    message_response,
    page_url,
    parse_id,
    refuse_non_participant,
    refuse_over_rate,
    target_url,
    visible_page_or_404,
    wants_fragment,
)
from ..layout import render_page
from ..models import Reaction
from ..policy import policy_for


def reaction_target(request, data):
    """The visible page and what on it the reaction is for: the page itself (key None), a
    visible comment of a discussion on it, or a registered object on it. Returns
    ``(page, key, comment or target or None)``; 404 for anything else."""
    page = visible_page_or_404(request, data.get("page"))
    if data.get("comment"):
        comment_id = parse_id(data.get("comment"))
        comment = (
            XtdComment.norel_objects.filter(pk=comment_id, is_public=True, is_removed=False).first()
            if comment_id
            else None
        )
        if comment is None:
            raise Http404
        on_the_page = (
            comment.content_type_id == discussion.page_content_type().pk and comment.object_pk == str(page.pk)
        )
        if not on_the_page:
            target = targets.target_of_comment_or_404(request, comment)
            if target.page.pk != page.pk:
                raise Http404
            comment.page_param = target.page_param  # where its discussion's page number goes
            comment.discussion_target = target  # where a form posted without JavaScript returns
        return page, (ContentType.objects.get_for_model(XtdComment).pk, comment.pk), comment
    if data.get("target_type"):
        target = targets.get_visible_target_or_404(
            request, data.get("target_type"), parse_id(data.get("target_id"))
        )
        if target.is_page or target.page.pk != page.pk:
            raise Http404
        return page, target.key, target
    return page, None, None


@require_POST
def react(request):
    page, key, thing = reaction_target(request, request.POST)
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
    reactions.set_reaction(request.user, page, key, kind, on=action == "add")
    if wants_fragment(request):
        return JsonResponse({"ok": True, "reactions": reactions.target_reactions(page, key, request.user)})
    if isinstance(thing, XtdComment):
        number = discussion.page_number_of(thing, request.user)
        if getattr(thing, "discussion_target", None) is not None:
            return HttpResponseRedirect(
                target_url(request, thing.discussion_target, number, f"comment-{thing.pk}")
            )
        param = getattr(thing, "page_param", "comments_page")
        return HttpResponseRedirect(page_url(request, page, number, f"comment-{thing.pk}", param))
    if thing is not None:
        return HttpResponseRedirect(target_url(request, thing, anchor=f"{thing.dom_id}-reactions"))
    return HttpResponseRedirect(page_url(request, page, anchor="social-reactions"))


@require_GET
def who_reacted(request):
    """Names of the people who reacted, for people who may see the page."""
    page, key, thing = reaction_target(request, request.GET)
    if not request.user.is_authenticated:  # names are for colleagues, not for anonymous readers
        return redirect_to_login(request.get_full_path())
    kind = request.GET.get("kind", "")
    if not reactions.is_known_kind(kind) or not policy_for(request, page).enabled("reactions"):
        raise Http404
    target = {"target_type": None} if key is None else {"target_type": key[0], "target_id": key[1]}
    user_ids = Reaction.objects.filter(page=page, kind=kind, **target).values("user_id")
    people = get_user_model().objects.filter(pk__in=user_ids).order_by("last_name", "first_name", "username")
    label = next(item.label for item in reactions.reaction_kinds() if item.kind == kind)
    context = {
        "page": page,
        "comment": thing if isinstance(thing, XtdComment) else None,
        "title": thing.title if isinstance(thing, targets.Target) else page.title,
        "label": label,
        "people": people,
        "back_url": page_url(request, page),
    }
    return render_page(request, "wagtail_social/reactions/who.html", context)
