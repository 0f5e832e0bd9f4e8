"""Reactions: one row per (person, target, kind), enforced by the database."""

from django.conf import settings as django_settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class Reaction(models.Model):
    """A person's reaction of one kind to a page (no target), or to something on it: one of its
    comments, an object registered as a discussion target, a comment on that object.

    The page is stored in every case: access checks and statistics work per page."""

    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("target type"),
    )
    target_id = models.PositiveBigIntegerField(_("target id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    kind = models.CharField(_("kind"), max_length=32)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            # Two partial constraints: NULLs never collide in a plain unique constraint.
            models.UniqueConstraint(
                fields=["user", "page", "kind"],
                condition=Q(target_type__isnull=True),
                name="wagtail_social_one_page_reaction_per_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id", "kind"],
                condition=Q(target_type__isnull=False),
                name="wagtail_social_one_target_reaction_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(target_type__isnull=True, target_id__isnull=True)
                | Q(target_type__isnull=False, target_id__isnull=False),
                name="wagtail_social_reaction_target_complete",
            ),
        ]
        indexes = [
            models.Index(
                fields=["page", "target_type", "target_id", "kind"], name="wagtail_social_reaction_target"
            )
        ]

    def __str__(self):
        return (
            f"{self.user_id} {self.kind} {self.page_id}/{self.target_type_id or '-'}:{self.target_id or '-'}"
        )
