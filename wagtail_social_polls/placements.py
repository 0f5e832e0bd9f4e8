"""Keeping :class:`~wagtail_social_polls.models.PollPlacement` rows: from a page's published
content, and from live renders of the poll block and the ``{% social_poll %}`` tag; and which
polls the admin shows a person, decided by where they are placed."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from wagtail.blocks import ListBlock, StreamBlock, StructBlock
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_social import access, generation, sql

from .models import Poll, PollPlacement
from .models.placements import SOURCE_CONTENT

# Renders check the table once per poll, page and day, not on every page view.
PLACED_CACHE_SECONDS = 24 * 3600


def _cache_key(poll_id: int, page_id: int) -> str:
    return f"wagtail_social_polls:placed:{poll_id}:{page_id}"


def poll_ids_in_content(page: Page) -> set[int]:
    """Ids of the polls that the poll block shows in ``page``'s StreamFields, at any depth."""
    ids: set[int] = set()
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            ids.update(_poll_ids(field.stream_block, getattr(page, field.name)))
    return ids


def _poll_ids(block, value) -> Iterator[int]:
    from .blocks import PollChooserBlock

    if value is None:
        return
    if isinstance(block, PollChooserBlock):
        yield value.pk if isinstance(value, Poll) else int(value)
    elif isinstance(block, StreamBlock):
        for child in value:
            yield from _poll_ids(child.block, child.value)
    elif isinstance(block, ListBlock):
        for item in value:
            yield from _poll_ids(block.child_block, item)
    elif isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _poll_ids(child_block, value.get(name))


def sync_from_content(page: Page) -> None:
    """Make the ``content`` placements of ``page`` those of its (just published) content.
    Placements recorded from templates are left alone: templates are not edited in pages."""
    ids = poll_ids_in_content(page)
    with transaction.atomic():
        stale = PollPlacement.objects.filter(page_id=page.pk, source=SOURCE_CONTENT).exclude(poll_id__in=ids)
        stale_ids = list(stale.values_list("poll_id", flat=True))
        stale.delete()
        existing = set(Poll.objects.filter(pk__in=ids).values_list("pk", flat=True))
        # No signal, none needed: publishing saved the page, which moved the generation on.
        PollPlacement.objects.bulk_create(
            [PollPlacement(poll_id=pk, page_id=page.pk, source=SOURCE_CONTENT) for pk in sorted(existing)],
            ignore_conflicts=True,
        )
    cache.delete_many([_cache_key(pk, page.pk) for pk in stale_ids])


def record_render(request, poll: Poll, page: Page, source: str) -> None:
    """Note that the live ``page`` shows ``poll``. Previews (drafts, revisions) never count:
    an editor trying a poll in a draft must not open it to the page's readers."""
    if getattr(request, "is_preview", False) or not page.live:
        return
    key = _cache_key(poll.pk, page.pk)
    if cache.get(key):
        return
    if sql.insert_ignoring_conflicts(PollPlacement, poll=poll.pk, page=page.pk, source=source):
        # Votes through this page are accepted from now on: the vote endpoint keeps what it
        # knows of placements for the current generation.
        generation.bump()
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
