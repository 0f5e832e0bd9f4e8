"""``{% load wagtail_social_contributions_tags %}{% social_contributions page %}``: a page's
contributions (ideas, questions, suggestions: the kinds switched on there) and the forms to
submit them, beside the participation block in the host's page template. What the block shows
is decided in ``wagtail_social.contributions.presentation``."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from .. import statuses
from ..ideabox import include_script, render_idea_box
from ..presentation import PAGE_PARAM, TEMPLATE, contributions_context
from ..similar import FRAGMENT as SIMILAR_FRAGMENT
from ..similar import similar_to

register = template.Library()


@register.simple_tag(takes_context=True)
def social_contributions(context, page):
    """Render ``page``'s contributions block for the current request; nothing when the
    requester may not see the page or no kind of contribution is switched on there."""
    request = context.get("request")
    if request is None or page is None:
        return ""
    block = contributions_context(request, page, request.GET.get(PAGE_PARAM, 1))
    if block is None:
        return ""
    block["include_script"] = include_script(request)
    return render_to_string(TEMPLATE, block, request=request)


@register.simple_tag(takes_context=True)
def social_idea_box(context, section_page):
    """Render the idea box of ``section_page`` (the page and its subtree) for the current
    request: its contributions, filterable by kind and state, sorted, paginated. Nothing when
    the requester may not see the section."""
    return render_idea_box(context.get("request"), section_page)


@register.simple_tag(takes_context=True)
def social_similar_contributions(context, page, form):
    """The similar contributions of ``page``'s section for the title ``form`` was sent with:
    without JavaScript, they are shown on the page that sends a form back to be corrected
    (``{% social_similar_contributions page form as similar_html %}``)."""
    request = context.get("request")
    if request is None or page is None or form is None or not form.is_bound:
        return ""
    title = form.data.get(form.add_prefix("title"), "")
    found = similar_to(request, page, form.kind, str(title))
    return render_to_string(SIMILAR_FRAGMENT, {"similar": found}, request=request) if found else ""


@register.simple_tag(takes_context=True)
def state_label(context, state: str) -> str:
    """What the current site calls ``state`` (``statuses.state_label``; read once per request)."""
    request = context.get("request")
    return statuses.state_label(state, labels=statuses.request_labels(request) if request is not None else {})
