"""The one place that decides who may see or act on a page's participation.

Every surface (page block, endpoints, admin queue, notifications, later search, feeds and stats)
asks this module. It is the only module that reads ``PageViewRestriction`` and the live state of
pages. A page a user may not see is reported as *not found*, so our responses never reveal that
a restricted page exists.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction

from .. import generation


@dataclass(frozen=True)
class Rule:
    """What one view restriction asks, detached from the database row (kept in memory between
    requests by ``generation``)."""

    kind: str
    restriction_id: int
    group_ids: frozenset[int]

    @classmethod
    def of(cls, restriction: PageViewRestriction) -> Rule:
        return cls(
            restriction.restriction_type, restriction.pk, frozenset(g.pk for g in restriction.groups.all())
        )

    def admits(self, user, session=None) -> bool:
        if self.kind == BaseViewRestriction.PASSWORD:
            # Without a session (an email, a background task) nobody is known to have the password.
            if session is None:
                return False
            return self.restriction_id in session.get(
                PageViewRestriction.passed_view_restrictions_session_key, []
            )
        if self.kind == BaseViewRestriction.LOGIN:
            return user.is_authenticated
        if self.kind == BaseViewRestriction.GROUPS:
            if not user.is_authenticated:
                return False
            return user.is_superuser or bool(self.group_ids & _group_ids(user))
        return True


def _rules_of(page: Page) -> tuple[Rule, ...]:
    """The rules of every view restriction on ``page`` and its ancestors: two queries."""
    return tuple(Rule.of(r) for r in page.get_view_restrictions().prefetch_related("groups"))


def _group_ids(user) -> set[int]:
    cached = getattr(user, "_wagtail_social_group_ids", None)
    if cached is None:
        cached = set(user.groups.values_list("pk", flat=True))
        user._wagtail_social_group_ids = cached
    return cached


def is_live(page: Page) -> bool:
    """Whether ``page`` is published: readers may reach it at all. What a feature asks before
    it records something about a page's public life (a placement learned while rendering, say);
    previews of drafts and unpublished pages never count."""
    return bool(page.live)


def user_can_view(user, page: Page, session=None) -> bool:
    """Whether ``user`` may see ``page`` (and so its participation): the page is live and
    every view restriction on it or its ancestors admits the user."""
    if not page.live:
        return False
    user = user or AnonymousUser()
    return all(rule.admits(user, session) for rule in _rules_of(page))


def can_view(request, page: Page) -> bool:
    """Whether the user of ``request`` may see ``page``'s participation (password-aware).

    Memoised on the request (the block, the form and the moderation hook of one request ask
    about the same page); the page's rules are kept in memory for the current generation."""
    answers = request.__dict__.setdefault("_wagtail_social_can_view", {})
    if page.pk not in answers:
        if not page.live:
            answers[page.pk] = False
        else:
            rules = generation.remembered(request, ("rules", page.pk), lambda: _rules_of(page))
            user = getattr(request, "user", None) or AnonymousUser()
            session = getattr(request, "session", None)
            answers[page.pk] = all(rule.admits(user, session) for rule in rules)
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
    """The page with ``page_id`` if the requester may see it; otherwise 404, whatever the reason.

    The page is kept in memory for the current generation; each caller gets its own copy."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        raise Http404 from None
    page = generation.remembered(request, ("page", page_id), lambda: Page.objects.filter(pk=page_id).first())
    if page is None or not can_view(request, page):
        raise Http404
    return copy.copy(page)


def filter_users_who_can_view(page: Page, users: Iterable) -> list:
    """The subset of ``users`` that may see ``page`` — for notifications, sent without a request."""
    if not page.live:
        return []
    rules = _rules_of(page)
    return [user for user in users if user.is_active and all(rule.admits(user) for rule in rules)]


def _foreign_subtree_paths(user) -> tuple[str, ...]:
    """Tree paths of the pages restricted to groups ``user`` is not a member of: each hides its
    whole subtree. Memoised on the user object (one request), like the user's groups."""
    cached = getattr(user, "_wagtail_social_foreign_subtrees", None)
    if cached is None:
        cached = tuple(
            PageViewRestriction.objects.filter(restriction_type=BaseViewRestriction.GROUPS)
            .exclude(groups__in=_group_ids(user))
            .values_list("page__path", flat=True)
        )
        user._wagtail_social_foreign_subtrees = cached
    return cached


def admin_visible_pages(user) -> QuerySet:
    """Pages, live or not, that our admin screens (reports, polls, the policy form) may show
    ``user``: every page outside a group-restricted subtree the user is not a member of.

    A private community's content, and its existence, is for its members, in the admin too.
    Drafts count: editors prepare pages before publishing them, and a page's reports and polls
    outlive its unpublishing. Login and password restrictions admit admin users (they are
    logged in and can read the page through the admin anyway); superusers see everything."""
    pages = Page.objects.all()
    if user.is_superuser:
        return pages
    hidden = Q()
    for path in _foreign_subtree_paths(user):
        hidden |= Q(path__startswith=path)
    return pages.exclude(hidden) if hidden else pages


def admin_can_see(user, page: Page) -> bool:
    """Whether ``page`` is in :func:`admin_visible_pages` for ``user``, without a query once the
    user's restrictions are known (page listings ask once per row)."""
    if user.is_superuser:
        return True
    return not any(page.path.startswith(path) for path in _foreign_subtree_paths(user))


def readable_subtree(request, section: Page) -> list[tuple[int, str]]:
    """(pk, path) of the live pages of ``section``'s subtree, itself included, that the user of
    ``request`` may read, in tree order: :func:`readable_pages` within the subtree, but with the
    subtree's pages and rules kept in memory for the current generation, so that a listing
    shown on every view of a section (the contributions' idea box) reads no restriction or page
    row; only the person's groups, once per request, as :func:`can_view` does."""
    entries = generation.remembered(request, ("subtree-rules", section.pk), lambda: _subtree_rules(section))
    user = getattr(request, "user", None) or AnonymousUser()
    session = getattr(request, "session", None)
    return [(pk, path) for pk, path, rules in entries if all(rule.admits(user, session) for rule in rules)]


def _subtree_rules(section: Page) -> tuple[tuple[int, str, tuple[Rule, ...]], ...]:
    """Each live page of ``section``'s subtree with the rules of the restrictions on it and its
    ancestors (those above ``section`` included): three queries."""
    steplen = Page.steplen
    pages = (
        Page.objects.filter(live=True, path__startswith=section.path, depth__gte=section.depth)
        .order_by("path")
        .values_list("pk", "path")
    )
    above = [section.path[:end] for end in range(steplen, len(section.path), steplen)]
    restrictions = (
        PageViewRestriction.objects.filter(Q(page__path__in=above) | Q(page__path__startswith=section.path))
        .select_related("page")
        .prefetch_related("groups")
    )
    rules_at: dict[str, list[Rule]] = {}
    for restriction in restrictions:
        rules_at.setdefault(restriction.page.path, []).append(Rule.of(restriction))
    return tuple(
        (
            pk,
            path,
            tuple(
                rule
                for end in range(steplen, len(path) + 1, steplen)
                for rule in rules_at.get(path[:end], ())
            ),
        )
        for pk, path in pages
    )


def published_pages() -> QuerySet:
    """Live pages, whoever asks: the pages whose participation content search may index at all
    (``Searchable.searchable_items``); who may see each is decided per person at query time."""
    return Page.objects.filter(live=True)


def visible_pages(user) -> QuerySet:
    """Pages ``user`` may see in admin listings such as the moderation queue: live pages
    outside any group-restricted subtree the user is not a member of (see
    :func:`admin_visible_pages`)."""
    return admin_visible_pages(user).filter(live=True)


def readable_pages(request) -> QuerySet:
    """Pages the user of ``request`` may read, as a queryset for listings that span a subtree
    (the contributions' idea box): :func:`visible_pages` less the subtrees of login and
    password restrictions the request does not pass (an anonymous visitor, a password not
    given in this session). One query for those restrictions, memoised on the request; the
    answer agrees with :func:`can_view` for every page."""
    cached = request.__dict__.get("_wagtail_social_unreadable_paths")
    user = getattr(request, "user", None) or AnonymousUser()
    if cached is None:
        session = getattr(request, "session", None)
        rows = PageViewRestriction.objects.exclude(restriction_type=BaseViewRestriction.GROUPS).values_list(
            "pk", "restriction_type", "page__path"
        )
        cached = tuple(
            path for pk, kind, path in rows if not Rule(kind, pk, frozenset()).admits(user, session)
        )
        request.__dict__["_wagtail_social_unreadable_paths"] = cached
    hidden = Q()
    for path in cached:
        hidden |= Q(path__startswith=path)
    pages = visible_pages(user)
    return pages.exclude(hidden) if hidden else pages
