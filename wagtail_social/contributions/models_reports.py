"""Readers' reports of a contribution itself (an idea, a question, a suggestion), beside
``models.Contribution``: the same reasons as a comment's report (``wagtail_social.models.
ReportReason``). One row per person and contribution, decided by the database; a report a
moderator decided on (kept or removed the contribution) is closed, and the person may report
again later, which opens the same row again (``reporting.report``)."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_social.models import ReportReason


class ContributionReport(models.Model):
    """One reader's report of a contribution, open until a moderator decides."""

    contribution = models.ForeignKey(
        "wagtail_social_contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("contribution"),
    )
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("details"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution report")
        verbose_name_plural = _("contribution reports")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "user"], name="wagtail_social_one_contribution_report_per_person"
            )
        ]
        # The open reports of a contribution (its count, the queue).
        indexes = [models.Index(fields=["contribution", "decided_at"], name="wagtail_social_contrib_reports")]

    def __str__(self):
        return f"{self.contribution_id}: {self.reason}"

    @property
    def is_open(self) -> bool:
        return self.decided_at is None
