"""The idea box as a StreamField block, so a host's section page can carry it in its body.

Render the StreamField with ``{% include_block page.body %}`` (Wagtail's way): the block needs
the template's ``request`` and ``page``. Without them it renders nothing rather than a listing
it cannot check.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.blocks import PageChooserBlock, StructBlock

from .ideabox import render_idea_box


class IdeaBoxBlock(StructBlock):
    """A section's idea box: its contributions, filterable, sorted, paginated."""

    section = PageChooserBlock(
        label=pgettext_lazy("a page and its subtree", "Section"),
        required=False,
        help_text=_("The page whose subtree the box lists; empty: the page this block is on."),
    )

    def render(self, value, context=None):
        if context is None:
            return ""
        section = (value.get("section") if value else None) or context.get("page")
        return render_idea_box(context.get("request"), section)

    def render_basic(self, value, context=None):
        return self.render(value, context)

    class Meta:
        icon = "list-ul"
        label = _("Idea box")
