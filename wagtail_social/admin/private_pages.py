"""A private community's pages kept out of Wagtail's admin for admin users who are neither its
members nor given its pages by Wagtail's page permissions (a moderator of another section, say):
the page chooser (browsing and search), the explorer and its search, and the bulk actions'
confirmation screens, which list the titles of the pages they were given.

Who is hidden what is the access module's answer (:mod:`wagtail_social.access.private`); these
are Wagtail's own hooks and page bulk actions, narrowed. An editor whose group Wagtail gives a
community's section keeps it exactly as Wagtail decides (docs/howto/private-communities.md).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page

from ..access import private


def narrow_chooser(pages, request):
    """``construct_page_chooser_queryset``: the chooser's children and search results. The
    chooser's browse view also shows its parent page's title, with no hook of its own: a hidden
    parent is answered as a missing one from here, before anything is rendered."""
    parent_id = getattr(request.resolver_match, "kwargs", {}).get("parent_page_id")
    if parent_id is not None:
        parent = get_object_or_404(Page, pk=parent_id)
        if private.admin_hides(request.user, parent):
            raise Http404
    return private.admin_pages(request.user, pages)


def narrow_explorer(parent_page, pages, request):
    """``construct_explorer_page_queryset``: the explorer's listing and search, and the admin API
    the explorer menu reads."""
    return private.admin_pages(request.user, pages)


class HidesPrivatePages:
    """Drops hidden pages from a page bulk action, before Wagtail sorts them into those the user
    may act on and those listed by title as "you don't have permission"."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        objects = [page for page in objects if not private.admin_hides(user, page)]
        extra["items_with_no_access"] = [
            page for page in extra["items_with_no_access"] if not private.admin_hides(user, page)
        ]
        return objects, extra


class PrivateAwareDeleteBulkAction(HidesPrivatePages, DeleteBulkAction):
    pass


class PrivateAwareMoveBulkAction(HidesPrivatePages, MoveBulkAction):
    pass


class PrivateAwarePublishBulkAction(HidesPrivatePages, PublishBulkAction):
    pass


class PrivateAwareUnpublishBulkAction(HidesPrivatePages, UnpublishBulkAction):
    pass


BULK_ACTIONS = (
    PrivateAwareDeleteBulkAction,
    PrivateAwareMoveBulkAction,
    PrivateAwarePublishBulkAction,
    PrivateAwareUnpublishBulkAction,
)
