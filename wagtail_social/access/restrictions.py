"""What a copy of the access rules kept outside the database needs: a search index.

A search index cannot ask :func:`wagtail_social.access.user_can_view` for every hit (a query
would cost one check per matching document) and must not hold one clause per restricted page
(Wagtail's ``.public()`` does, and took 44 s a query with 250 of them: Wagtail #14108). So it
indexes, with each item, *which* view restrictions stand over the item's page
(:func:`page_rules`), and asks this module at query time *which of those* a person passes
(:func:`passed_restrictions`). The decision stays here, live: a group membership removed or a
restriction's groups changed apply to the next query, before any re-indexing.

What the index holds goes stale when the restrictions over a page change: a restriction
created, changed or deleted, a page moved, unpublished, published or deleted. :data:`view_rules_changed`
tells the index which subtree to re-index, and :func:`pages_hidden_from` lets it exclude, until
that is done, a stale subtree a person may no longer see.

Part of the access module: it alone reads view restrictions and pages' live state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import Rule, _group_ids, user_can_view

# Sent when the view restrictions standing over a page (and, with ``descendants``, over its
# subtree) may differ from what was true before. Arguments: ``page_id``; ``descendants``: the
# whole subtree is concerned, not the page alone; ``narrows``: someone may have lost sight of
# it (a copy of the old rules would then show too much, not too little).
view_rules_changed = Signal()

BATCH = 500  # pages per query batch in page_rules


@dataclass(frozen=True)
class PageRules:
    """The view rules over one page, detached from the database (for an index to store)."""

    page_id: int
    published: bool  # unpublished pages (and so their items) are seen by nobody
    restriction_ids: tuple[int, ...]  # of the page and its ancestors, sorted
    ancestor_ids: tuple[int, ...]  # the page's ancestors and the page itself, root first


def page_rules(page_ids: Iterable[int]) -> dict[int, PageRules]:
    """The :class:`PageRules` of each existing page of ``page_ids`` (missing pages are left
    out): three queries per batch of pages, whatever their depth."""
    ids = sorted({int(pk) for pk in page_ids})
    found: dict[int, PageRules] = {}
    for start in range(0, len(ids), BATCH):
        rows = list(Page.objects.filter(pk__in=ids[start : start + BATCH]).values_list("pk", "path", "live"))
        step = Page.steplen
        paths = {path[:end] for _pk, path, _live in rows for end in range(step, len(path) + 1, step)}
        ids_by_path = dict(Page.objects.filter(path__in=paths).values_list("path", "pk"))
        restrictions: dict[str, list[int]] = {}
        for path, pk in PageViewRestriction.objects.filter(page__path__in=paths).values_list(
            "page__path", "pk"
        ):
            restrictions.setdefault(path, []).append(pk)
        for pk, path, live in rows:
            chain = [path[:end] for end in range(step, len(path) + 1, step)]
            found[pk] = PageRules(
                page_id=pk,
                published=bool(live),
                restriction_ids=tuple(sorted(r for p in chain for r in restrictions.get(p, ()))),
                ancestor_ids=tuple(ids_by_path[p] for p in chain if p in ids_by_path),
            )
    return found


def passed_restrictions(user, restriction_ids: Iterable[int]) -> frozenset[int]:
    """Of ``restriction_ids``, those ``user`` passes now, without a session: a search, like an
    email, is never known to carry a page's password (:meth:`Rule.admits`). Restrictions that no
    longer exist are not passed. Superusers pass group restrictions, as Wagtail decides
    (``PageViewRestriction.accept_request``).

    One query, reading only the restrictions the user might pass (login ones, and group ones of
    their groups); none for an anonymous visitor, whom no rule admits without a session."""
    ids = {int(pk) for pk in restriction_ids}
    user = user or AnonymousUser()
    if not ids or not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        candidates = Q(restriction_type__in=[BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS])
    else:
        candidates = Q(restriction_type=BaseViewRestriction.LOGIN) | Q(
            restriction_type=BaseViewRestriction.GROUPS, groups__in=_group_ids(user)
        )
    kinds: dict[int, str] = {}
    groups: dict[int, set[int]] = {}
    rows = PageViewRestriction.objects.filter(candidates, pk__in=ids).values_list(
        "pk", "restriction_type", "groups"
    )
    for pk, kind, group_id in rows:
        kinds[pk] = kind
        if group_id is not None:
            groups.setdefault(pk, set()).add(group_id)
    # The query narrowed by kind and group; the rule decides.
    return frozenset(
        pk for pk, kind in kinds.items() if Rule(kind, pk, frozenset(groups.get(pk, ()))).admits(user)
    )


def pages_hidden_from(user, page_ids: Iterable[int]) -> frozenset[int]:
    """Of ``page_ids``, the pages ``user`` may not see now (missing pages included), decided by
    :func:`~wagtail_social.access.user_can_view` without a session. Two queries per page: for
    the short list of pages whose rules changed since the index last followed them."""
    ids = {int(pk) for pk in page_ids}
    user = user or AnonymousUser()
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids)}
    return frozenset(pk for pk in ids if pk not in pages or not user_can_view(user, pages[pk]))


def _restriction_saved(sender, instance, **kwargs):
    # Created, or changed (its kind, its page): who passes it may be fewer than before. Its
    # groups (``m2m_changed``) need nothing: who passes is decided at query time.
    _send(instance.page_id, descendants=True, narrows=True)


def _restriction_deleted(sender, instance, **kwargs):
    # Fewer rules: nobody loses sight. Items indexed with it stay excluded until re-indexed.
    _send(instance.page_id, descendants=True, narrows=False)


def _page_moved(sender, instance, **kwargs):
    _send(instance.pk, descendants=True, narrows=True)


def _page_unpublished(sender, instance, **kwargs):
    # Only the page itself: Wagtail unpublishing descendants sends this for each of them.
    _send(instance.pk, descendants=False, narrows=True)


def _page_published(sender, instance, **kwargs):
    _send(instance.pk, descendants=False, narrows=False)


def _page_deleted(sender, instance, **kwargs):
    # Each page of a deleted subtree comes here; what belonged to it must go from the index.
    _send(instance.pk, descendants=False, narrows=True)


def _send(page_id: int | None, descendants: bool, narrows: bool) -> None:
    if page_id is not None:
        view_rules_changed.send(sender=Page, page_id=page_id, descendants=descendants, narrows=narrows)


def connect() -> None:
    """Send :data:`view_rules_changed` from now on; called by the app that keeps such a copy
    (the search app's ``ready()``), so sites without one pay nothing."""
    uid = "wagtail_social.access.restrictions"
    post_save.connect(_restriction_saved, sender=PageViewRestriction, dispatch_uid=uid + ".save")
    post_delete.connect(_restriction_deleted, sender=PageViewRestriction, dispatch_uid=uid + ".delete")
    post_page_move.connect(_page_moved, dispatch_uid=uid + ".move")
    page_unpublished.connect(_page_unpublished, dispatch_uid=uid + ".unpublish")
    page_published.connect(_page_published, dispatch_uid=uid + ".publish")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid=uid + ".page_delete")
