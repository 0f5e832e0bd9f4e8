"""Page types of a host site: one the plugin does not know at all, one using the optional mixin."""

from wagtail.models import Page

from wagtail_social.panels import ParticipationPageMixin


class PlainPage(Page):
    """A host page model wagtail_social knows nothing about."""

    template = "tests/page.html"


class SocialPage(ParticipationPageMixin, Page):
    """A host page model whose owner added the participation panel."""

    template = "tests/page.html"

    content_panels = Page.content_panels
    settings_panels = Page.settings_panels + ParticipationPageMixin.participation_panels
