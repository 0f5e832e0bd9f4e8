"""``{% load wagtail_social_tags %}{% social_participation page %}``: the whole participation
block of a page, in one tag of the host's page template; ``{% social_discussion object %}``:
the discussion block (comments, reactions) of any object registered as a discussion target."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.defaultfilters import linebreaksbr, urlize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from .. import access, discussion, targets
from ..conf import settings
from ..forms import CommentForm
from ..helpful import answer_of
from ..policy import policy_for
from ..reactions import summary_for
from ..rendering import comment_list_renderer

register = template.Library()

# The features shown in the participation block (polls are shown where the page places them).
BLOCK_FEATURES = ("comments", "reactions", "helpful")


def participation_context(request, target, comments_page=1) -> dict:
    """Everything the participation block shows ``request.user`` for ``target``: a page (its
    whole block), or a :class:`~wagtail_social.targets.Target` or registered object (its
    discussion: comments and reactions, under the policy of its page)."""
    if target is None:
        return {"hidden": True}
    if not isinstance(target, targets.Target):
        target = targets.target_for(target)
    page = target.page
    if not access.can_view(request, page):
        return {"hidden": True}
    policy = policy_for(request, page)
    enabled = (
        policy.any_enabled(*BLOCK_FEATURES) if target.is_page else policy.any_enabled("comments", "reactions")
    )
    context = {
        "page": page,
        "target": target,
        "dom_id": target.dom_id,
        "page_param": target.page_param,
        "heading": "h2" if target.is_page else "h3",
        "fragment_url": (
            reverse("wagtail_social:discussion", args=[page.pk])
            if target.is_page
            else reverse("wagtail_social:target_discussion", args=[target.label, target.pk])
        ),
        "policy": policy,
        "request": request,
        "include_assets": settings.INCLUDE_ASSETS and _first_block(request),
        "hidden": not enabled,
    }
    if context["hidden"]:
        return context
    user = request.user
    participating = access.can_participate(request, page)
    if policy.enabled("comments"):
        disc = discussion.discussion_for(target, policy, user, comments_page)
    else:  # reactions only: an empty discussion, no comment query
        disc = discussion.Discussion(target, policy, discussion.empty_page(), [], 0)
    open_for_comments = policy.accepts_comments()
    reply_to = _requested_reply(request, disc) if participating and open_for_comments else None
    for node in flatten(disc.threads):
        comment = node.comment
        node.can_reply = (
            participating
            and open_for_comments
            and comment.is_public
            and not comment.is_removed
            and policy.allows_reply_at(comment.level)
        )
        node.can_edit = discussion.can_edit(comment, user)
        node.can_flag = participating and comment.user_id != user.pk and not comment.is_removed
        node.body_html = "" if comment.is_removed else format_comment_text(comment.comment)
        node.edit_url = reverse("wagtail_social:edit_comment", args=[comment.pk]) if node.can_edit else ""
        node.reply_form = (
            CommentForm(target.object, initial={"reply_to": comment.pk})
            if reply_to == comment.pk and node.can_reply
            else None
        )
        disc.items.append(node)
    summary = summary_for(page, user, request) if policy.enabled("reactions") else None
    renderer = comment_list_renderer(
        request, disc, policy, summary, participating and policy.enabled("reactions")
    )
    context.update(
        helpful_answer=answer_of(user, page) if policy.enabled("helpful") and target.is_page else None,
        show_helpful=policy.enabled("helpful") and target.is_page and participating,
        comment_list=renderer.render() if policy.enabled("comments") else "",
        reaction_bar=mark_safe(renderer.reactions(None)),
        discussion=disc,
        participating=participating,
        open_for_comments=open_for_comments,
        form=CommentForm(target.object) if participating and open_for_comments else None,
        form_id=f"{target.dom_id}-form",
        login_url=_login_url(request, page) if not user.is_authenticated else None,
    )
    return context


def _first_block(request) -> bool:
    """Whether this is the request's first block (the stylesheet and script are linked once)."""
    first = not request.__dict__.get("_wagtail_social_assets")
    request.__dict__["_wagtail_social_assets"] = True
    return first


def _requested_reply(request, disc) -> int | None:
    # Without JavaScript, "Reply" is a link that reloads the page with ?reply_to=<id>.
    try:
        return int(request.GET.get("reply_to", ""))
    except ValueError:
        return None


def flatten(threads) -> list:
    """Threads in reading order, each node told whether it opens a list of replies and how many
    lists close after it: the template then renders nested lists in one loop, without the cost
    of an include per comment."""
    items = []

    def visit(nodes):
        for node in nodes:
            items.append(node)
            node.closing_levels = 0
            if node.children:
                visit(node.children)
                items[-1].closing_levels += 1

    visit(threads)
    for node in items:
        node.closings = range(node.closing_levels)
    return items


@lru_cache(maxsize=4096)
def format_comment_text(text: str) -> str:
    """Plain text as HTML: escaped, links made clickable, line breaks kept. A pure function
    of the text, so memoised: most comments are read far more often than written."""
    return linebreaksbr(urlize(text, autoescape=True), autoescape=True)


def _login_url(request, page) -> str:
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(page.get_url(request) or "/").url


@register.simple_tag(takes_context=True)
def social_participation(context, page):
    """Render the participation block of ``page`` for the current request; nothing when the
    requester may not see the page or participation is off."""
    request = context.get("request")
    if request is None:
        return ""
    block = participation_context(request, page, request.GET.get("comments_page", 1))
    if block.get("hidden"):
        return ""
    return render_to_string("wagtail_social/participation.html", block, request=request)


@register.simple_tag(takes_context=True)
def social_discussion(context, obj):
    """Render the discussion block (comments, replies, reactions) of ``obj``: a page, or an
    object of a model registered with ``register_discussion_target``. Nothing when the
    requester may not see its page or the page's policy has comments and reactions off."""
    request = context.get("request")
    if request is None or obj is None:
        return ""
    target = targets.target_for(obj)
    block = participation_context(request, target, request.GET.get(target.page_param, 1))
    if block.get("hidden"):
        return ""
    return render_to_string("wagtail_social/participation.html", block, request=request)
