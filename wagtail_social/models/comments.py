"""What the core adds to django-comments-xtd's comments: edit history, removal with a reason,
and what search finds of them."""

from django.conf import settings as django_settings
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from wagtail.search import index

from wagtail_social.features import searchable_items


class CommentRevision(models.Model):
    """An earlier text of a comment, kept when its author edits it."""

    comment = models.ForeignKey(
        XtdComment, on_delete=models.CASCADE, related_name="social_revisions", verbose_name=_("comment")
    )
    text = models.TextField(_("previous text"))
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")

    def __str__(self):
        return f"{self.comment_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class CommentRemoval(models.Model):
    """Why and by whom a comment was removed. The comment itself stays in the database."""

    comment = models.OneToOneField(
        XtdComment, on_delete=models.CASCADE, related_name="social_removal", verbose_name=_("comment")
    )
    reason = models.TextField(_("reason"))
    removed_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removed_at = models.DateTimeField(_("removed at"), auto_now=True)
    was_public = models.BooleanField(
        _("was published"), default=True, help_text=_("Restoring returns the comment to this state.")
    )

    class Meta:
        verbose_name = _("comment removal")
        verbose_name_plural = _("comment removals")

    def __str__(self):
        return f"{self.comment_id}: {self.reason[:40]}"


class SearchableComment(index.Indexed, XtdComment):
    """Comments as search indexes them: a proxy of django-comments-xtd's ``XtdComment`` (not our
    model, so it cannot declare ``search_fields`` itself). No table of its own.

    Why a proxy holds with Wagtail's search (modelsearch): ``get_indexed_models()`` lists it (an
    ``Indexed`` model that is not abstract, with search fields); its content type is the
    concrete ``XtdComment``'s (``ContentType.get_for_model`` of a proxy), which the database
    backend stores and filters its entries by; with no ``Indexed`` parent, its name in an index
    is its own (``wagtail_social_searchablecomment``). What a proxy does not get is the save
    signals of comments saved as ``XtdComment`` (Django sends them for the class saved), nor any
    signal for the ``update()`` calls the core changes comments with:
    :mod:`wagtail_social.searching` keeps the index current for both."""

    search_fields = [
        index.SearchField("comment"),
        index.FilterField("content_type"),
        index.FilterField("object_pk"),
        index.FilterField("submit_date"),
        index.FilterField("is_public"),
        index.FilterField("is_removed"),
    ]

    class Meta:
        proxy = True
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    @classmethod
    def get_indexed_objects(cls) -> QuerySet:
        """What the comments feature declares searchable (``searching.searchable_comments``)."""
        return searchable_items(cls, super().get_indexed_objects())
