"""Follow-up emails in batches: one schedule per discussion, and the comments waiting for it.

Thirty comments in a few minutes on a followed discussion make one email per follower, not
thirty: the first comment of a quiet discussion goes out at once, later ones wait for the next
batch (``WAGTAIL_SOCIAL_FOLLOWUP_BATCH_SECONDS`` after the previous email), which lists them all.
A comment leaves the waiting list in the transaction that claims it for an email, so it is never
sent twice."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment


class FollowupBatch(models.Model):
    """The follow-up schedule of one discussion (a target: content type and primary key)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("target type")
    )
    object_pk = models.CharField(_("target id"), max_length=64)
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    due_at = models.DateTimeField(_("next email due at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("follow-up batch")
        verbose_name_plural = _("follow-up batches")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_pk"], name="wagtail_social_one_followup_batch"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_pk} due {self.due_at or '-'}"


class PendingFollowup(models.Model):
    """A published comment its discussion's followers have not been told about yet."""

    comment = models.OneToOneField(
        XtdComment, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("comment")
    )
    batch = models.ForeignKey(
        FollowupBatch, on_delete=models.CASCADE, related_name="pending", verbose_name=_("batch")
    )

    class Meta:
        verbose_name = _("comment waiting for its follow-up email")
        verbose_name_plural = _("comments waiting for their follow-up email")

    def __str__(self):
        return str(self.comment_id)
