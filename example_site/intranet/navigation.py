"""Menus and child lists that only show pages the visitor may open.

A private community must not even appear to non-members: every list of pages comes from
wagtail-social's access module (``wagtail_social.access.private``), the same answer its template
tags give (``social_menu_pages``, ``social_child_pages``, ``social_breadcrumb_pages``).
"""

from wagtail.models import Page

from wagtail_social.access import private


def visible_children(request, page: Page, menu_only: bool = False) -> list[Page]:
    return list(private.visible_children(request, page, menu_only=menu_only))
