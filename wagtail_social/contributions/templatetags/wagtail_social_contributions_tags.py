"""``{% load wagtail_social_contributions_tags %}{% social_contributions page %}``: a page's
contributions (ideas, questions, suggestions: the kinds switched on there) and the forms to
submit them, beside the participation block in the host's page template. What the block shows
is decided in ``wagtail_social.contributions.presentation``."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from .. import statuses
from ..presentation import PAGE_PARAM, TEMPLATE, contributions_context

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
    return render_to_string(TEMPLATE, block, request=request)


@register.simple_tag(takes_context=True)
def state_label(context, state: str) -> str:
    """What the current site calls ``state`` (``statuses.state_label``; read once per request)."""
    request = context.get("request")
    return statuses.state_label(state, labels=statuses.request_labels(request) if request is not None else {})
