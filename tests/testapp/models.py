"""Page types of a host site: one the plugin does not know at all, one using the optional mixin."""

from django.db import models
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

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


class Announcement(index.Indexed, models.Model):
    """Not a page: an object shown on a page, with a discussion of its own (comments, replies,
    reactions, follow-ups), whose access and policy are those of its page. Searchable (the
    "kudos" feature declares it), to test items that take their page's language and access."""

    search_fields = [
        index.SearchField("title", boost=2.0),
        index.SearchField("text"),
        index.FilterField("page"),
    ]

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


# A French library, indexed by the search backends: the port of modelsearch's own test models
# (Author, Book, Novel, Character, ProgrammingGuide, Meeting) that tests/search/ runs against.


class LibraryAuthor(index.Indexed, models.Model):
    name = models.CharField(max_length=255)
    date_of_birth = models.DateField(null=True, blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("date_of_birth"),
    ]

    def __str__(self):
        return self.name


class LibraryBookQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class LibraryBook(index.Indexed, models.Model):
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    authors = models.ManyToManyField(LibraryAuthor, related_name="books", blank=True)
    publication_date = models.DateField()
    number_of_pages = models.IntegerField()
    tags = TaggableManager(blank=True)

    search_fields = [
        index.SearchField("title", boost=10.0),
        index.SearchField("summary", boost=2.0),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("title"),
        index.FilterField("authors"),
        index.RelatedFields("authors", LibraryAuthor.search_fields),
        index.FilterField("publication_date"),
        index.FilterField("number_of_pages"),
        index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("tags"),
    ]

    objects = LibraryBookQuerySet.as_manager()

    def __str__(self):
        return self.title

    @classmethod
    def get_indexed_objects(cls):
        objects = super().get_indexed_objects()
        if cls is LibraryBook:  # a novel or a guide is indexed as its specific class
            objects = objects.filter(librarynovel__isnull=True, libraryguide__isnull=True)
        return objects

    def get_indexed_instance(self):
        for specific in (LibraryNovel, LibraryGuide):
            found = specific.objects.filter(pk=self.pk).first()
            if found:
                return found
        return self


class LibraryCharacter(models.Model):
    name = models.CharField(max_length=255)
    novel = models.ForeignKey("LibraryNovel", related_name="characters", on_delete=models.CASCADE)

    def __str__(self):
        return self.name


class LibraryNovel(LibraryBook):
    setting = models.CharField(max_length=255)
    protagonist = models.OneToOneField(
        LibraryCharacter, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )

    search_fields = LibraryBook.search_fields + [
        index.SearchField("setting"),
        index.AutocompleteField("setting"),
        index.RelatedFields("characters", [index.SearchField("name", boost=0.25)]),
        index.RelatedFields(
            "protagonist", [index.SearchField("name", boost=0.5), index.FilterField("novel")]
        ),
        index.FilterField("protagonist"),
    ]


class LibraryGuide(LibraryBook):
    """A practical guide of the intranet's library (safety, HR, management)."""

    topic = models.CharField(
        max_length=32,
        choices=[("securite", "Sécurité"), ("rh", "Ressources humaines"), ("management", "Management")],
    )

    search_fields = LibraryBook.search_fields + [
        index.SearchField("get_topic_display"),
        index.FilterField("topic"),
    ]


class LibraryMeeting(index.Indexed, models.Model):
    name = models.CharField(max_length=255)
    start_time = models.TimeField()

    search_fields = [
        index.SearchField("name"),
        index.FilterField("start_time"),
    ]

    def __str__(self):
        return self.name
