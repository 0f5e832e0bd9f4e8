"""Private communities nobody else knows exist: the answers the serving hook, the navigation
helpers and the Wagtail admin's hooks ask for (``wagtail_social.private_pages``,
``wagtail_social.admin.private_pages``, the ``social_*_pages`` template tags).

Part of the access module, so it may read view restrictions. A *private community* is a subtree
under a group view restriction. Login restrictions are not secrets (an intranet behind a login
says so to anyone who arrives) and password restrictions are shared by word of mouth: both keep
Wagtail's own answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from wagtail.models import BaseViewRestriction, Page, Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from .. import generation
from ..conf import settings
from . import _foreign_subtree_paths, _rules_of, readable_pages


def hides_as_missing(request, page: Page) -> bool:
    """Whether serving ``page`` to ``request`` must answer exactly as a page that does not exist:
    a group restriction on the page or an ancestor does not admit the visitor (anonymous or a
    logged-in non-member), and ``WAGTAIL_SOCIAL_HIDE_PRIVATE_PAGES`` is on.

    Only group restrictions: Wagtail's login form for a login-restricted page tells nothing a
    visitor of an intranet does not know already, and the visitor can act on it."""
    if not settings.HIDE_PRIVATE_PAGES:
        return False
    rules = generation.remembered(request, ("rules", page.pk), lambda: _rules_of(page))
    user = getattr(request, "user", None) or AnonymousUser()
    return any(rule.kind == BaseViewRestriction.GROUPS and not rule.admits(user) for rule in rules)


def visible_children(request, page: Page, menu_only: bool = False) -> QuerySet:
    """The live children of ``page`` the visitor may open (specific pages, in tree order): what
    menus, child listings and section cards list. ``menu_only`` keeps those shown in menus."""
    children = readable_pages(request).child_of(page)
    if menu_only:
        children = children.in_menu()
    return children.order_by("path").specific()


def visible_ancestors(request, page: Page) -> QuerySet:
    """The ancestors of ``page`` the visitor may open, below the tree's root, for breadcrumbs."""
    return readable_pages(request).ancestor_of(page).filter(depth__gt=1).order_by("path").specific()


def site_root(request) -> Page | None:
    """The root page of the site serving ``request`` (menus start there)."""
    site = Site.find_for_request(request)
    return site.root_page if site is not None else None


@dataclass(frozen=True)
class _Hidden:
    """One private subtree hidden from an admin user, less what Wagtail's page permissions give
    them inside it (the pages they were granted, with the ancestors leading to them)."""

    path: str
    granted: tuple[str, ...]
    leading: frozenset[str]

    def hides(self, path: str) -> bool:
        return (
            path.startswith(self.path)
            and path not in self.leading
            and not any(path.startswith(g) for g in self.granted)
        )

    def q(self) -> Q:
        hidden = Q(path__startswith=self.path)
        for granted in self.granted:
            hidden &= ~Q(path__startswith=granted)
        if self.leading:
            hidden &= ~Q(path__in=self.leading)
        return hidden


def _admin_hidden(user) -> tuple[_Hidden, ...]:
    """The private subtrees ``user`` neither belongs to nor is given by Wagtail's page
    permissions; memoised on the user object (one request)."""
    cached = getattr(user, "_wagtail_social_admin_hidden", None)
    if cached is not None:
        return cached
    if user.is_superuser or not user.is_authenticated:
        cached = ()
    else:
        grants = {perm.page.path for perm in PagePermissionPolicy().get_cached_permissions_for_user(user)}
        found = []
        for path in _foreign_subtree_paths(user):
            if any(path.startswith(g) for g in grants):
                continue  # Wagtail gives them the whole community: as Wagtail decides
            inside = tuple(g for g in grants if g.startswith(path))
            leading = frozenset(g[:end] for g in inside for end in range(len(path), len(g), Page.steplen))
            found.append(_Hidden(path, inside, leading))
        cached = tuple(found)
    user._wagtail_social_admin_hidden = cached
    return cached


def admin_pages(user, pages: QuerySet) -> QuerySet:
    """``pages`` less the pages of private communities that ``user`` (an admin user) neither
    belongs to nor is given by Wagtail's page permissions: for Wagtail's page chooser, explorer
    and search. An editor given a community's section keeps it, as Wagtail decides."""
    hidden = Q()
    for subtree in _admin_hidden(user):
        hidden |= subtree.q()
    return pages.exclude(hidden) if hidden else pages


def admin_hides(user, page: Page) -> bool:
    """Whether :func:`admin_pages` leaves ``page`` out for ``user`` (no query once known)."""
    return any(subtree.hides(page.path) for subtree in _admin_hidden(user))
