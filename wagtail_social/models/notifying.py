"""What people chose about their notifications, the discussions they follow or left, and the
digests: the items waiting for one and a row per person and period sent.

Uniqueness lives in the database: one preference per person and kind, one follow state per
person and discussion, one digest per person, frequency and period (a second run of the command
for the same period inserts nothing, so sends nothing).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ..notification_kinds import DAILY, FREQUENCY_CHOICES, WEEKLY


class NotificationPreference(models.Model):
    """How one person wants one kind of notification (a registered kind's key); no row: the
    kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=64)
    frequency = models.CharField(_("frequency"), max_length=16, choices=FREQUENCY_CHOICES)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="wagtail_social_one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id}:{self.kind}={self.frequency}"


class DiscussionFollow(models.Model):
    """A person's explicit choice about one discussion (a target): following it, or not any more.
    Without a row, ticking "follow" when commenting counts (django-comments-xtd's ``followup``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("target type")
    )
    object_pk = models.CharField(_("target id"), max_length=64)
    following = models.BooleanField(_("following"))
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("followed discussion")
        verbose_name_plural = _("followed discussions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_pk"], name="wagtail_social_one_follow_state"
            )
        ]

    def __str__(self):
        return f"{self.user_id}:{self.content_type_id}:{self.object_pk}={self.following}"


DIGEST_CHOICES = [(DAILY, _("Daily digest")), (WEEKLY, _("Weekly digest"))]


class DigestSent(models.Model):
    """One digest sent to one person for one period (its first day): the claim that keeps a
    second run from sending it again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    frequency = models.CharField(_("frequency"), max_length=16, choices=DIGEST_CHOICES)
    period_start = models.DateField(_("period start"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period_start"], name="wagtail_social_one_digest_per_period"
            )
        ]

    def __str__(self):
        return f"{self.user_id}:{self.frequency}:{self.period_start}"


class DigestEntry(models.Model):
    """A notification waiting for its recipient's next digest: one line (written in their
    language when it was queued) and its link. Its page is asked again when the digest is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=64)
    frequency = models.CharField(_("frequency"), max_length=16, choices=DIGEST_CHOICES)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    summary = models.CharField(_("summary"), max_length=500)
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("queued at"), db_index=True)
    digest = models.ForeignKey(
        DigestSent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("digest"),
    )

    class Meta:
        verbose_name = _("digest entry")
        verbose_name_plural = _("digest entries")

    def __str__(self):
        return f"{self.user_id}:{self.kind}:{self.summary[:40]}"
