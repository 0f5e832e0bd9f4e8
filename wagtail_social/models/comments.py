"""What the core adds to django-comments-xtd's comments: edit history and removal with a reason."""

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment


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
