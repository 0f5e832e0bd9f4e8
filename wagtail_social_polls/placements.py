"""Keeping :class:`~wagtail_social_polls.models.PollPlacement` rows: from a page's published
content, and from live renders of the poll block and the ``{% social_poll %}`` tag; and which
polls the admin shows a person, decided by where they are placed."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connections, router
from django.db.models import Exists, OuterRef, QuerySet
from wagtail.models import Page

from wagtail_social import access, generation, sql

from .models import Poll, PollPlacement
from .models.placements import SOURCE_CONTENT

# Renders check the table once per poll, page and day, not on every page view.
PLACED_CACHE_SECONDS = 24 * 3600


def _cache_key(poll_id: int, page_id: int) -> str:
    return f"wagtail_social_polls:placed:{poll_id}:{page_id}"


def sync_from_content(page: Page, poll_ids: set[int]) -> None:
    """Make the ``content`` placements of ``page`` those of its (just published) content, whose
    poll block shows the polls ``poll_ids`` (``blocks.poll_ids_in_content``).
    Placements recorded from templates are left alone: templates are not edited in pages.

    Two statements, no read and no savepoint: one ``DELETE`` of the content placements no longer
    in the content, one ``INSERT ... ON CONFLICT DO NOTHING`` of those in it (of the polls that
    still exist). The order keeps every current placement in place throughout, so a vote sent
    meanwhile is never refused. (The receiver calls it only for page types with the poll
    block: other pages cost nothing.)"""
    ids = sorted(poll_ids)
    connection = connections[router.db_for_write(PollPlacement)]
    table, poll, page_column, source = sql.quoted_names(connection, PollPlacement, "poll", "page", "source")
    poll_table, poll_pk = sql.quoted_names(connection, Poll, Poll._meta.pk.name)
    in_ids = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {page_column} = %s AND {source} = %s"
            + (f" AND {poll} NOT IN ({in_ids})" if ids else "")
            + f" RETURNING {poll}",
            [page.pk, SOURCE_CONTENT, *ids],
        )
        removed = [row[0] for row in cursor.fetchall()]
        if ids:
            # SQLite needs the WHERE clause to read ON CONFLICT as the upsert clause.
            cursor.execute(
                f"INSERT INTO {table} ({poll}, {page_column}, {source}) "
                f"SELECT {poll_pk}, %s, %s FROM {poll_table} WHERE {poll_pk} IN ({in_ids}) "
                "ON CONFLICT DO NOTHING",
                [page.pk, SOURCE_CONTENT, *ids],
            )
    if removed:
        # The vote endpoint keeps the placements it found for the current generation, which
        # publishing the page moved on before this statement: move it on again, now that they
        # are gone. (A placement added needs nothing: answers "not placed" are not kept.)
        generation.bump(connection.alias)
        cache.delete_many([_cache_key(pk, page.pk) for pk in removed])


def record_render(request, poll: Poll, page: Page, source: str) -> None:
    """Note that the live ``page`` shows ``poll``. Previews (drafts, revisions) never count:
    an editor trying a poll in a draft must not open it to the page's readers.

    The row is written during a GET, and the generation is not moved on: that would empty what
    every process keeps for every page, at each first render of a poll on a page. The vote
    endpoint needs no move: it never keeps a "not placed" answer (``views``)."""
    if getattr(request, "is_preview", False) or not access.is_live(page):
        return
    key = _cache_key(poll.pk, page.pk)
    if cache.get(key):
        return
    sql.insert_ignoring_conflicts(PollPlacement, poll=poll.pk, page=page.pk, source=source)
    cache.set(key, True, PLACED_CACHE_SECONDS)


def polls_visible_to(user, polls: QuerySet | None = None) -> QuerySet:
    """The polls of ``polls`` (all polls by default) that the admin shows ``user``: those placed
    nowhere yet, and those placed on at least one page ``access`` lets the user see.

    A poll shown only in a private community is that community's content: its question, turnout
    and results are for members, as its pages are, whatever the user's poll permissions."""
    polls = Poll.objects.all() if polls is None else polls
    if user.is_superuser:
        return polls
    placements = PollPlacement.objects.filter(poll=OuterRef("pk"))
    visible = placements.filter(page__in=access.admin_visible_pages(user).values("pk"))
    return polls.filter(~Exists(placements) | Exists(visible))


def poll_visible_to(user, poll: Poll) -> bool:
    """Whether :func:`polls_visible_to` holds ``poll`` for ``user``."""
    return polls_visible_to(user, Poll.objects.filter(pk=poll.pk)).exists()
