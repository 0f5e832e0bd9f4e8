"""``{% load wagtail_social_polls_tags %}{% social_poll poll %}``: a poll in a page template,
for pages without StreamField (pages with one use the poll block). The page is the template's
``page`` variable: the poll is shown, and may be voted, with that page's access and policy."""

from __future__ import annotations

from django import template

from ..models import Poll
from ..models.placements import SOURCE_TEMPLATE
from ..presentation import render_poll

register = template.Library()


@register.simple_tag(takes_context=True)
def social_poll(context, poll):
    """Render ``poll`` (a Poll or its id) for the template's ``page``; nothing when the page is
    not visible to the requester or polls are off there."""
    if not isinstance(poll, Poll):
        try:
            poll = Poll.objects.filter(pk=int(poll)).first()
        except (TypeError, ValueError):
            return ""
    return render_poll(context.get("request"), context.get("page"), poll, SOURCE_TEMPLATE)
