"""Menus and child lists that only show pages the visitor may open.

A private community must not even appear to non-members, so every list of pages goes through
Wagtail's own view restrictions (login, groups, password) before it reaches a template.
"""

from wagtail.models import Page, Site


def can_view(request, page: Page) -> bool:
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def visible_children(request, page: Page, menu_only: bool = False) -> list[Page]:
    children = page.get_children().live().specific()
    if menu_only:
        children = children.in_menu()
    return [child for child in children if can_view(request, child)]


def top_sections(request) -> list[Page]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    return visible_children(request, site.root_page, menu_only=True)
