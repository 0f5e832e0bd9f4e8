"""``{% load wagtail_social_tags %}{% social_participation page %}``: the whole participation
block of a page, in one tag of the host's page template; ``{% social_discussion object %}``:
the discussion block (comments, reactions) of any object registered as a discussion target.
What the blocks show is decided in ``wagtail_social.participation``. ``{% social_url_if_included
"app:name" as url %}``: a URL of an optional app, or "" when its URLs are not included."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from .. import targets
from ..access import private as private_access
from ..participation import participation_context

register = template.Library()


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


@register.simple_tag
def social_url_if_included(name: str) -> str:
    """The URL named ``name`` (``"wagtail_social_kpi:measured"``), or "" when no included URL
    has that name: the core links to an optional app's page without importing the app."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


# Navigation that shows only what the visitor may open (a private community's pages appear to its
# members only): ``{% social_menu_pages as sections %}`` (the site root's menu pages),
# ``{% social_menu_pages parent as pages %}``, ``{% social_child_pages page as children %}``,
# ``{% social_breadcrumb_pages page as ancestors %}``. The answers are the access module's.


@register.simple_tag(takes_context=True)
def social_menu_pages(context, parent=None):
    """The live children of ``parent`` (the site's root page when omitted) shown in menus that
    the visitor may open."""
    request = context.get("request")
    if request is None:
        return []
    parent = parent or private_access.site_root(request)
    return private_access.visible_children(request, parent, menu_only=True) if parent else []


@register.simple_tag(takes_context=True)
def social_child_pages(context, page):
    """The live children of ``page`` that the visitor may open, for child listings."""
    request = context.get("request")
    if request is None or page is None:
        return []
    return private_access.visible_children(request, page)


@register.simple_tag(takes_context=True)
def social_breadcrumb_pages(context, page):
    """The ancestors of ``page`` below the tree's root that the visitor may open."""
    request = context.get("request")
    if request is None or page is None:
        return []
    return private_access.visible_ancestors(request, page)
