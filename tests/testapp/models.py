"""Page types of a host site: one the plugin does not know at all, one using the optional mixin."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_social.contributions.blocks import IdeaBoxBlock
from wagtail_social.panels import ParticipationPageMixin
from wagtail_social.targets import register_discussion_target
from wagtail_social_polls.blocks import PollChooserBlock


class PlainPage(Page):
    """A host page model wagtail_social knows nothing about."""

    template = "tests/page.html"


class SocialPage(ParticipationPageMixin, Page):
    """A host page model whose owner added the participation panel."""

    template = "tests/page.html"

    content_panels = Page.content_panels
    settings_panels = Page.settings_panels + ParticipationPageMixin.participation_panels


class PollPage(Page):
    """A host page with a StreamField body in which editors embed polls with the poll block."""

    body = StreamField(
        [
            ("paragraph", blocks.TextBlock()),
            ("poll", PollChooserBlock()),
            ("column", blocks.StructBlock([("title", blocks.CharBlock()), ("poll", PollChooserBlock())])),
        ],
        blank=True,
    )

    template = "tests/poll_page.html"
    content_panels = Page.content_panels + [FieldPanel("body")]


class PollTagPage(Page):
    """A host page without StreamField: its template shows its poll with ``{% social_poll %}``."""

    poll = models.ForeignKey(
        "wagtail_social_polls.Poll", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    template = "tests/poll_tag_page.html"


class Announcement(models.Model):
    """Not a page: an object shown on a page, with a discussion of its own (comments, replies,
    reactions, follow-ups), whose access and policy are those of its page."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)

    def __str__(self):
        return self.title


register_discussion_target(Announcement, page_field="page")


class AnnouncementsPage(Page):
    """A host page listing its announcements, each with ``{% social_discussion announcement %}``."""

    template = "tests/announcements_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["announcements"] = Announcement.objects.filter(page=self).order_by("pk")
        return context


class IdeaBoxPage(Page):
    """A host's section page whose body carries the contributions' idea box block."""

    body = StreamField([("idea_box", IdeaBoxBlock()), ("paragraph", blocks.TextBlock())], blank=True)

    template = "tests/idea_box_page.html"
    content_panels = Page.content_panels + [FieldPanel("body")]
