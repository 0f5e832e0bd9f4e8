"""Keeping :class:`~wagtail_social_polls.models.PollPlacement` rows: from a page's published
content, and from live renders of the poll block and the ``{% social_poll %}`` tag."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.cache import cache
from django.db import transaction
from wagtail.blocks import ListBlock, StreamBlock, StructBlock
from wagtail.fields import StreamField
from wagtail.models import Page

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
    if not PollPlacement.objects.filter(poll=poll, page_id=page.pk).exists():
        PollPlacement.objects.bulk_create(
            [PollPlacement(poll=poll, page_id=page.pk, source=source)], ignore_conflicts=True
        )
    cache.set(key, True, PLACED_CACHE_SECONDS)


def placed_poll(poll_id: int, page: Page) -> Poll | None:
    """The poll with ``poll_id`` if it is shown on ``page``; else None. One query."""
    return Poll.objects.filter(pk=poll_id, placements__page_id=page.pk).first()
