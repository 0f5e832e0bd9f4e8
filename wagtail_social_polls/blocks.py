"""The poll block for StreamFields: editors choose a poll snippet; the page shows it.

Render the StreamField with ``{% include_block page.body %}`` (Wagtail's way): the block needs
the template's ``request`` and ``page`` to decide what this reader may see and do. Without
them (``{{ page.body }}``) it renders nothing rather than a poll it cannot check.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock

from .models.placements import SOURCE_CONTENT


class PollChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("wagtail_social_polls.Poll", **kwargs)

    def render(self, value, context=None):
        from .templatetags.wagtail_social_polls_tags import render_poll

        if value is None or context is None:
            return ""
        return render_poll(context.get("request"), context.get("page"), value, SOURCE_CONTENT)

    def render_basic(self, value, context=None):
        return self.render(value, context)

    class Meta:
        icon = "list-ul"
        label = _("Poll")
