"""Employees' comment endpoints, for the discussion of any target (a page, or an object
registered as a discussion target). Each asks the access module first, about the target's page:
a page the requester may not see answers 404, exactly like a page that does not exist."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_comments_xtd.models import XtdComment

from .. import access, discussion, targets
from ..conf import settings
from ..endpoints import (
    message_response,
    refuse_over_rate,
    refuse_without_charter,
    target_url,
    wants_fragment,
)
from ..forms import CommentEditForm, CommentForm, ReportForm
from ..layout import render_page
from ..models import DiscussionFollow
from ..notifications import read_mute_token
from ..participation import participation_context
from ..policy import policy_for
from ..sql import MAX_ID
from ..targets import Target


def get_comment_or_404(request, comment_id: int, include_hidden: bool = False) -> tuple[XtdComment, Target]:
    """A comment the requester may see, with its discussion's target; 404 for anything else.
    ``include_hidden``: also one hidden by its reports (to report it or withdraw a report)."""
    if not 0 < comment_id <= MAX_ID:
        raise Http404
    comment = (
        XtdComment.norel_objects.filter(pk=comment_id, content_type_id__in=targets.content_type_ids())
        .filter(discussion.visible_to(request.user, include_hidden))
        .first()
    )
    if comment is None:
        raise Http404
    return comment, targets.target_of_comment_or_404(request, comment)


class SecurityCheckFailed(Exception):
    """A comment form that was not issued by us (it names a model that is not a target)."""


def posted_target_or_404(request) -> Target:
    """The target a comment form names (its signed ``content_type`` and ``object_pk``), if the
    requester may see its page; 404 otherwise. A form naming a model that is not a target was
    never issued by us: it fails the form's security check (400), like any other tampering."""
    label = request.POST.get("content_type", "")
    if targets.type_for_label(label) is None:
        raise SecurityCheckFailed
    return targets.get_visible_target_or_404(request, label, request.POST.get("object_pk"))


@require_POST
def post_comment(request):
    try:
        target = posted_target_or_404(request)
    except SecurityCheckFailed:
        return message_response(request, None, _("The comment form failed its security check."), 400)
    page = target.page
    if not request.user.is_authenticated:
        if wants_fragment(request):
            return JsonResponse({"ok": False, "message": _("Log in to comment.")}, status=401)
        return redirect_to_login(target_url(request, target))
    if not access.can_participate(request, page):
        raise Http404
    policy = policy_for(request, page)
    # The charter is asked for where comments are open (elsewhere the post is refused anyway).
    refusal = (
        refuse_without_charter(request, page, anchor=f"{target.dom_id}-comments")
        if (policy.accepts_comments())
        else None
    )
    if refusal is not None:
        return refusal
    form = CommentForm(target.object, data=request.POST)
    if not form.is_valid():
        if form.security_errors() and not form.has_only_expired_timestamp():
            return message_response(request, page, _("The comment form failed its security check."), 400)
        if form.has_only_expired_timestamp():
            form = CommentForm(
                target.object, initial={**request.POST.dict(), **form.generate_security_data()}
            )
            form.expired = True
        return form_response(request, page, policy, form)
    refusal = refuse_over_rate(
        request,
        page,
        "comments",
        settings.COMMENT_RATE_LIMIT,
        _("Too many comments in a short time: wait a moment before posting again."),
    )
    if refusal is not None:
        return refusal
    try:
        comment = discussion.post_comment(request, target, policy, form)
    except discussion.CommentRejected as rejection:
        return message_response(request, page, rejection.message, rejection.status)
    number = discussion.page_number_of(comment, request.user)
    message = (
        _("Your comment was received; it will appear once a moderator approves it.")
        if not comment.is_public
        else _("Your comment is published.")
    )
    if wants_fragment(request):
        return JsonResponse(
            {
                "ok": True,
                "id": comment.pk,
                "held": not comment.is_public,
                "page": number,
                "message": message,
            }
        )
    return HttpResponseRedirect(target_url(request, target, number, f"comment-{comment.pk}"))


def form_response(request, page, policy, form):
    context = {"page": page, "policy": policy, "form": form, "request": request}
    if wants_fragment(request):
        html = render_to_string("wagtail_social/comments/form.html", context, request=request)
        return JsonResponse(
            {"ok": False, "errors": form.errors.get_json_data(), "form": html},
            status=400,
        )
    return render_page(request, "wagtail_social/comments/form_page.html", context, status=400)


@require_GET
def discussion_fragment(request, page_id: int):
    """The discussion block alone, for the script's pagination and refresh after posting."""
    page = access.get_visible_page_or_404(request, page_id)
    context = participation_context(request, page, request.GET.get("comments_page", 1))
    return render(request, "wagtail_social/participation.html", context)


@require_GET
def target_discussion_fragment(request, label: str, object_pk: int):
    """The discussion block of any target, for the script (as ``discussion_fragment``)."""
    target = targets.get_visible_target_or_404(request, label, object_pk)
    context = participation_context(request, target, request.GET.get("comments_page", 1))
    return render(request, "wagtail_social/participation.html", context)


@require_http_methods(["GET", "POST"])
def edit_comment(request, comment_id: int):
    comment, target = get_comment_or_404(request, comment_id)
    page = target.page
    policy = policy_for(request, page)
    if not (discussion.can_edit(comment, request.user) and policy.accepts_comments()):
        return message_response(request, page, _("This comment can no longer be edited."), 403)
    form = CommentEditForm(request.POST or None, initial={"comment": comment.comment})
    if request.method == "POST" and form.is_valid():
        refusal = refuse_over_rate(
            request,
            page,
            "comment_edits",
            settings.COMMENT_EDIT_RATE_LIMIT,
            _("Too many edits in a short time: wait a moment before saving again."),
        )
        if refusal is not None:
            return refusal
        discussion.edit_comment(comment, form.cleaned_data["comment"], policy)
        message = (
            _("Your comment was updated; a moderator will read it again before it reappears.")
            if not comment.is_public
            else _("Your comment was updated.")
        )
        if wants_fragment(request):
            return JsonResponse({"ok": True, "id": comment.pk, "message": message})
        number = discussion.page_number_of(comment, request.user)
        return HttpResponseRedirect(target_url(request, target, number, f"comment-{comment.pk}"))
    status = 400 if request.method == "POST" else 200
    context = {
        "page": page,
        "comment": comment,
        "form": form,
        "back_url": target_url(request, target),
    }
    return render_page(request, "wagtail_social/comments/edit.html", context, status=status)


@require_POST
def flag_comment(request, comment_id: int):
    comment, target = get_comment_or_404(request, comment_id, include_hidden=True)
    page = target.page
    if not access.can_participate(request, page):
        if not request.user.is_authenticated and not wants_fragment(request):
            return redirect_to_login(target_url(request, target))
        return message_response(request, page, _("Log in to report a comment."), 401)
    if comment.user_id == request.user.pk:
        return message_response(request, page, _("You cannot report your own comment."), 400)
    if comment.is_removed or not policy_for(request, page).enabled("comments"):
        return message_response(request, page, _("This comment can no longer be reported."), 400)
    refusal = refuse_over_rate(
        request,
        page,
        "flags",
        settings.FLAG_RATE_LIMIT,
        _("Too many reports in a short time: wait a moment before reporting again."),
    )
    if refusal is not None:
        return refusal
    form = ReportForm(request.POST)
    if not form.is_valid():
        return message_response(request, page, _("Choose one of the reasons offered."), 400)
    discussion.flag_comment(request, comment, form.cleaned_data["reason"], form.cleaned_data["text"])
    message = _("Thank you: moderators will look at this comment.")
    if wants_fragment(request):
        return JsonResponse({"ok": True, "id": comment.pk, "message": message})
    number = discussion.page_number_of(comment, request.user)
    return HttpResponseRedirect(target_url(request, target, number, f"comment-{comment.pk}"))


@require_POST
def withdraw_report(request, comment_id: int):
    """The author of a report takes it back (while no moderator has decided on it)."""
    comment, target = get_comment_or_404(request, comment_id, include_hidden=True)
    page = target.page
    if not request.user.is_authenticated:
        if not wants_fragment(request):
            return redirect_to_login(target_url(request, target))
        return message_response(request, page, _("Log in to report a comment."), 401)
    if not discussion.withdraw_report(request, comment):
        return message_response(request, page, _("You have no open report on this comment."), 400)
    message = _("Your report is withdrawn.")
    if wants_fragment(request):
        return JsonResponse({"ok": True, "id": comment.pk, "message": message})
    number = discussion.page_number_of(comment, request.user)
    return HttpResponseRedirect(target_url(request, target, number, f"comment-{comment.pk}"))


@require_http_methods(["GET", "POST"])
def mute(request, token: str):
    """Stop follow-up emails for one discussion (the link in every follow-up email). GET only
    asks; the change is a POST. The signed token is the authorisation: it names the person and
    the discussion's target."""
    try:
        user_id, content_type_id, object_pk = read_mute_token(token)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Http404 from None
    target_type = targets.type_for_content_type_id(content_type_id)
    if target_type is None:
        raise Http404
    # The person the link names must still see the discussion: someone who left a private
    # community learns nothing of it from an old email's link (they get no new email either).
    page = targets.page_for_key(target_type, object_pk)
    person = get_user_model()._default_manager.filter(pk=user_id).first()
    if page is None or person is None or not access.user_can_view(person, page):
        raise Http404
    comments = XtdComment.norel_objects.filter(content_type_id=content_type_id, object_pk=object_pk)
    if not comments.exists():
        raise Http404
    done = False
    if request.method == "POST":
        comments.filter(user_id=user_id).update(followup=False)
        # and an explicit "follow" (the discussion's button) stops too
        DiscussionFollow.objects.update_or_create(
            user_id=user_id,
            content_type_id=content_type_id,
            object_pk=object_pk,
            defaults={"following": False},
        )
        done = True
    return render_page(request, "wagtail_social/comments/mute.html", {"done": done})
