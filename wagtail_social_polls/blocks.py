"""The poll block for StreamFields: editors choose a poll snippet; the page shows it.

Render the StreamField with ``{% include_block page.body %}`` (Wagtail's way): the block needs
the template's ``request`` and ``page`` to decide what this reader may see and do. Without
them (``{{ page.body }}``) it renders nothing rather than a poll it cannot check.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from wagtail.blocks import ListBlock, StreamBlock, StructBlock
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from .models import Poll
from .models.placements import SOURCE_CONTENT
from .presentation import render_poll


class PollChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("wagtail_social_polls.Poll", **kwargs)

    def render(self, value, context=None):
        if value is None or context is None:
            return ""
        return render_poll(context.get("request"), context.get("page"), value, SOURCE_CONTENT)

    def render_basic(self, value, context=None):
        return self.render(value, context)

    class Meta:
        icon = "list-ul"
        label = _("Poll")


def poll_ids_in_content(page: Page) -> set[int]:
    """Ids of the polls that the poll block shows in ``page``'s StreamFields, at any depth.

    Read from the fields' raw (JSON) data, where a poll is its id: no poll is loaded."""
    ids: set[int] = set()
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name)
            ids.update(_poll_ids(field.stream_block, value.raw_data if value else None))
    return ids


def _poll_ids(block, raw) -> Iterator[int]:
    if raw is None or raw == "":
        return
    if isinstance(block, PollChooserBlock):
        yield raw.pk if isinstance(raw, Poll) else int(raw)
    elif isinstance(block, StreamBlock):
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                yield from _poll_ids(child_block, child.get("value"))
    elif isinstance(block, ListBlock):
        for item in raw:
            # Items are {"type": "item", "value": ..., "id": ...} since Wagtail 2.16, bare before.
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            yield from _poll_ids(block.child_block, item)
    elif isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _poll_ids(child_block, raw.get(name))


@functools.cache
def has_poll_block(model: type[Page]) -> bool:
    """Whether a StreamField of the page model ``model`` can hold the poll block, at any depth.
    Decided once per model: publishing a page of another type costs no placement statement."""
    return any(
        _can_hold_poll(field.stream_block)
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
    )


def _can_hold_poll(block) -> bool:
    if isinstance(block, PollChooserBlock):
        return True
    if isinstance(block, ListBlock):
        return _can_hold_poll(block.child_block)
    if isinstance(block, (StreamBlock, StructBlock)):
        return any(_can_hold_poll(child) for child in block.child_blocks.values())
    return False
