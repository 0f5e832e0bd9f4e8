from django.conf import settings
from django.db import models
from wagtail.models import Page
from wagtail.search import index


class BarePage(Page):
    """Like ``tests.testapp.models.PlainPage``, with a template that has no participation tag."""

    template = "bench/bare.html"


class BenchRow(models.Model):
    """What the baseline view of ``bench/reactions.py`` inserts: one row per request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    n = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.user_id}: {self.n}"


class GreetingPage(Page):
    """A bare page whose template greets the reader, as an intranet's base template does: it
    loads the session and user whatever the plugin does."""

    template = "bench/greeting.html"


class SearchPage(Page):
    """A page of ``bench/search.py``'s French corpus: an intro and a body, searched by every
    backend (Wagtail's page fields, the title boosted, plus these two)."""

    intro = models.TextField(blank=True)
    body = models.TextField(blank=True)

    template = "bench/bare.html"
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
