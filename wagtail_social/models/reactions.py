"""Reactions: one row per (person, target, kind), enforced by the database."""

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from wagtail.models import Page


class Reaction(models.Model):
    """A person's reaction of one kind to a page (``comment`` empty) or to one of its comments.

    The page is stored in both cases: access checks and statistics work per page."""

    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    comment = models.ForeignKey(
        XtdComment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("comment"),
    )
    kind = models.CharField(_("kind"), max_length=32)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            # Two partial constraints: NULLs never collide in a plain unique constraint.
            models.UniqueConstraint(
                fields=["user", "page", "kind"],
                condition=Q(comment__isnull=True),
                name="wagtail_social_one_page_reaction_per_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "comment", "kind"],
                condition=Q(comment__isnull=False),
                name="wagtail_social_one_comment_reaction_per_kind",
            ),
        ]
        indexes = [models.Index(fields=["page", "comment", "kind"], name="wagtail_social_reaction_target")]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.page_id}/{self.comment_id or '-'}"
