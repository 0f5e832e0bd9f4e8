"""Where each poll is shown: the pages through which it may be voted.

A vote names a page and a poll. The page decides who may vote (its view restrictions and its
participation policy), so the vote endpoint must know the poll is really shown on that page:
otherwise a poll shown only in a private community could be answered through any public page
id. Rows come from two sources:

* ``content``: the poll block in a page's StreamField. Rebuilt from the published content each
  time the page is published (drafts and previews never count).
* ``template``: ``{% social_poll poll %}`` in a page template, recorded the first time the live
  page is rendered with it (a template is the site developer's code, not editors' content).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .polls import Poll

SOURCE_CONTENT = "content"
SOURCE_TEMPLATE = "template"
SOURCE_CHOICES = [
    (SOURCE_CONTENT, _("Page content (poll block)")),
    (SOURCE_TEMPLATE, _("Page template (social_poll tag)")),
]


class PollPlacement(models.Model):
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="placements", verbose_name=_("poll")
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    source = models.CharField(_("source"), max_length=8, choices=SOURCE_CHOICES, default=SOURCE_CONTENT)

    class Meta:
        verbose_name = _("poll placement")
        verbose_name_plural = _("poll placements")
        constraints = [
            models.UniqueConstraint(fields=["poll", "page"], name="wagtail_social_polls_placed_once")
        ]

    def __str__(self):
        return f"{self.poll_id} @ {self.page_id}"
