"""Why a reader reported a comment: the reason a report carries (django-comments' own flag row
holds who and when; this holds why)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag


class ReportReason(models.TextChoices):
    OFF_TOPIC = "off_topic", _("Off topic")
    OFFENSIVE = "offensive", _("Offensive")
    PERSONAL_DATA = "personal_data", _("Personal data")
    OTHER = "other", _("Other")


class CommentReport(models.Model):
    """The reason of one reader's report (a ``SUGGEST_REMOVAL`` flag); deleted with the flag
    when its author withdraws the report."""

    flag = models.OneToOneField(
        CommentFlag, on_delete=models.CASCADE, related_name="social_report", verbose_name=_("report")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("details"), blank=True)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")

    def __str__(self):
        return f"{self.flag_id}: {self.reason}"
