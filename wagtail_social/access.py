"""The one place that decides who may see or act on a page's participation.

Every surface (page block, endpoints, admin queue, notifications, later search, feeds and stats)
asks this module. It is the only module that reads ``PageViewRestriction`` and the live state of
pages. A page a user may not see is reported as *not found*, so our responses never reveal that
a restricted page exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction


def _restriction_admits(restriction: PageViewRestriction, user, session=None) -> bool:
    if restriction.restriction_type == BaseViewRestriction.PASSWORD:
        # Without a session (an email, a background task) nobody is known to have the password.
        if session is None:
            return False
        return restriction.id in session.get(restriction.passed_view_restrictions_session_key, [])
    if restriction.restriction_type == BaseViewRestriction.LOGIN:
        return user.is_authenticated
    if restriction.restriction_type == BaseViewRestriction.GROUPS:
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        allowed = {group.pk for group in restriction.groups.all()}
        return bool(allowed & _group_ids(user))
    return True


def _group_ids(user) -> set[int]:
    cached = getattr(user, "_wagtail_social_group_ids", None)
    if cached is None:
        cached = set(user.groups.values_list("pk", flat=True))
        user._wagtail_social_group_ids = cached
    return cached


def user_can_view(user, page: Page, session=None) -> bool:
    """Whether ``user`` may see ``page`` (and so its participation): the page is live and
    every view restriction on it or its ancestors admits the user."""
    if not page.live:
        return False
    user = user or AnonymousUser()
    return all(
        _restriction_admits(r, user, session) for r in page.get_view_restrictions().prefetch_related("groups")
    )


def can_view(request, page: Page) -> bool:
    """Whether the user of ``request`` may see ``page``'s participation (password-aware).

    Memoised on the request: the block, the form and the moderation hook of one request ask
    about the same page."""
    answers = request.__dict__.setdefault("_wagtail_social_can_view", {})
    if page.pk not in answers:
        answers[page.pk] = user_can_view(request.user, page, getattr(request, "session", None))
    return answers[page.pk]


def note_admitted_by_wagtail(request, page: Page) -> None:
    """Remember that Wagtail's own view-restriction check admitted ``request`` to the live
    ``page`` it is serving (see ``reading.recording_page_views``): both apply the same rules, so
    ``can_view`` need not read the restrictions again for this request."""
    if page.live:
        request.__dict__.setdefault("_wagtail_social_can_view", {})[page.pk] = True


def can_participate(request, page: Page) -> bool:
    """Whether the user of ``request`` may act (comment, reply, flag) on ``page``.

    Acting needs an active, logged-in account: comments are signed with the employee's name.
    """
    user = request.user
    return user.is_authenticated and user.is_active and can_view(request, page)


def get_visible_page_or_404(request, page_id) -> Page:
    """The page with ``page_id`` if the requester may see it; otherwise 404, whatever the reason."""
    try:
        page = Page.objects.get(pk=int(page_id))
    except (Page.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not can_view(request, page):
        raise Http404
    return page


def filter_users_who_can_view(page: Page, users: Iterable) -> list:
    """The subset of ``users`` that may see ``page`` — for notifications, sent without a request."""
    if not page.live:
        return []
    restrictions = list(page.get_view_restrictions().prefetch_related("groups"))
    return [
        user for user in users if user.is_active and all(_restriction_admits(r, user) for r in restrictions)
    ]


def visible_pages(user) -> QuerySet:
    """Pages ``user`` may see in admin listings such as the moderation queue: live pages
    outside any group-restricted subtree the user is not a member of.

    Admin users are logged in, so login and password restrictions admit them (they can read
    the page through the admin anyway); group restrictions admit only members and superusers.
    """
    pages = Page.objects.filter(live=True)
    if user.is_superuser:
        return pages
    hidden = Q()
    foreign_restrictions = (
        PageViewRestriction.objects.filter(restriction_type=BaseViewRestriction.GROUPS)
        .exclude(groups__in=_group_ids(user))
        .select_related("page")
    )
    for restriction in foreign_restrictions:
        hidden |= Q(path__startswith=restriction.page.path)
    return pages.exclude(hidden) if hidden else pages
