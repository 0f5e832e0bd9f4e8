"""Wagtail's admin views addressed by a page id (``/admin/pages/<id>/``, edit, history, move,
delete, copy, preview, revisions, workflow…) answered, for a private community's page that an
admin user may not see, exactly as for an id that does not exist.

Wagtail's own answer tells them apart: a missing id is a 404, a page the user may not edit is a
redirect to the dashboard with "Sorry, you do not have permission", and some views (history,
revisions, usage, workflow history) show the title to anyone with admin access. Wagtail's
``before_*_page`` hooks cover only edit, delete, copy, move, create and unpublish, so one
middleware looks at the URL's page ids instead, before any view runs, and hands the view an id
that no page has: whatever view Wagtail adds later, a page id in its URL is covered, and the
answer is Wagtail's own for a missing page.

Who is hidden what is the access module's answer (:func:`wagtail_social.access.private.admin_hides`):
a member, a superuser, and an editor Wagtail gives the community's section keep it as Wagtail
decides. Add ``"wagtail_social.admin.private_page_urls.PrivatePagesAdminMiddleware"`` to
``MIDDLEWARE`` after Django's authentication and CSRF middleware (last is simplest) (check ``wagtail_social.W007`` reminds it).
"""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import Page

from ..access import private

PAGE_ID_KWARGS = frozenset(
    {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk", "viewed_page_id"}
)
"""URL keyword arguments that name a page in Wagtail's admin (and its contrib apps)."""

PAGE_PK_NAMESPACES = frozenset({"wagtailadmin_pages"})
"""Namespaces whose plain ``pk`` argument is a page's (the revisions' comparison)."""


NO_PAGE = 0
"""An id no page has (the tree's ids start at 1)."""


def page_id_kwargs(resolver_match) -> set[str]:
    """The names of the URL arguments that hold a page's id, in a resolved admin URL."""
    kwargs = resolver_match.kwargs
    names = set(kwargs) & PAGE_ID_KWARGS
    if "pk" in kwargs and PAGE_PK_NAMESPACES & set(resolver_match.namespaces):
        names.add("pk")
    return {name for name in names if str(kwargs[name]).isdigit()}


def is_admin_path(path: str) -> bool:
    return path.startswith(reverse("wagtailadmin_home"))


class PrivatePagesAdminMiddleware:
    """Gives Wagtail's admin view, in place of the id of a page the user may not know exists (a
    private community they are not a member of), an id no page has: the answer is then Wagtail's
    own for a missing page, through all its decorators (admin access first, its 404 page, its
    cache headers), whatever the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated or user.is_superuser:
            return None
        names = page_id_kwargs(match)
        if not names or not is_admin_path(request.path_info):
            return None
        ids = {int(view_kwargs[name]) for name in names}
        pages = Page.objects.filter(pk__in=ids).only("pk", "path", "depth")
        hidden = {page.pk for page in pages if private.admin_hides(user, page)}
        if not hidden:
            return None
        kwargs = {
            name: (NO_PAGE if name in names and int(value) in hidden else value)
            for name, value in view_kwargs.items()
        }
        # Views that read the URL's arguments from the request (our chooser hook does) read
        # the same id as the view (the match is this request's own).
        match.kwargs = kwargs
        response = view_func(request, *view_args, **kwargs)
        return _with_ids_put_back(
            response, [view_kwargs[name] for name in names if int(view_kwargs[name]) in hidden]
        )


def _with_ids_put_back(response, originals: list):
    """A view that redirects without looking the page up (the revisions' index goes to the
    history) names the id it was given: put the URL's own id back, as for a missing id."""
    location = response.get("Location") if hasattr(response, "get") else None
    if location:
        for original in originals:
            location = location.replace(f"/{NO_PAGE}/", f"/{original}/", 1)
        response["Location"] = location
    return response
