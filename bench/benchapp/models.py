from wagtail.models import Page


class BarePage(Page):
    """Like ``tests.testapp.models.PlainPage``, with a template that has no participation tag."""

    template = "bench/bare.html"
