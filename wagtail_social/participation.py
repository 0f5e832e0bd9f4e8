"""The participation block's view-model: everything the block shows the person reading a page
(or the discussion of an object on it) and what they may do there. The template tags and the
discussion fragment endpoint render it; the rules it applies live in their domain modules
(``access``, ``policy``, ``discussion``)."""

from __future__ import annotations

from functools import lru_cache

from django.contrib.auth.views import redirect_to_login
from django.template.defaultfilters import linebreaksbr, urlize
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import access, discussion, following, targets
from .conf import settings
from .forms import CommentForm
from .helpful import answer_of
from .policy import policy_for
from .reactions import summary_for
from .rendering import comment_list_renderer

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
        node.can_reply = participating and open_for_comments and discussion.can_reply_to(comment, policy)
        node.can_edit = discussion.can_edit(comment, user)
        node.can_flag = participating and discussion.can_flag(comment, user)
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
        following=following.is_following(user, target)
        if policy.enabled("comments") and user.is_authenticated
        else None,
    )
    # Without comments, a block with no reaction to show or press and no helpfulness question
    # would be an empty "Your opinion" card (an anonymous reader before anyone reacted).
    if not policy.enabled("comments") and not context["reaction_bar"] and not context["show_helpful"]:
        context["hidden"] = True
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
    return redirect_to_login(page.get_url(request) or "/").url
