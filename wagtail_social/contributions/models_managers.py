"""The community managers' records beside ``models.Contribution``: the per-site labels of the
states, and official answers. (Imported by ``models``; kept apart so the contributions' own
models stay readable.)"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .fields import erasable_person

# The states whose label a site may rename, in the order of the settings form.
LABELLED_STATES = (
    "new",
    "under_review",
    "accepted",
    "done",
    "declined",
    "open",
    "answered",
    "closed",
    "applied",
)


def _label_field(default: str) -> models.CharField:
    return models.CharField(
        default,
        max_length=60,
        blank=True,
        help_text=_("Leave empty for the default label, translated in every language."),
    )


@register_setting(icon="tasks")
class ContributionSettings(BaseSiteSetting):
    """What a site calls each state of a contribution. What is stored never changes (``state``
    keeps its fixed value); only the label shown to employees, managers and in emails does
    (``statuses.state_label``). An empty label is the default one, translated."""

    label_new = _label_field(_("label of “new”"))
    label_under_review = _label_field(_("label of “under review”"))
    label_accepted = _label_field(_("label of “accepted”"))
    label_done = _label_field(_("label of “done”"))
    label_declined = _label_field(_("label of “declined”"))
    label_open = _label_field(_("label of “open”"))
    label_answered = _label_field(_("label of “answered”"))
    label_closed = _label_field(_("label of “closed”"))
    label_applied = _label_field(_("label of “applied”"))

    class Meta:
        verbose_name = _("contribution statuses")
        verbose_name_plural = _("contribution statuses")

    def labels(self) -> dict[str, str]:
        """The labels this site set, by state (empty ones left out)."""
        return {state: value for state in LABELLED_STATES if (value := getattr(self, f"label_{state}"))}


class OfficialAnswer(models.Model):
    """A community manager's answer to a contribution: saved as a draft (shown to nobody but
    managers), then published above the discussion. Editing a published answer keeps it
    published; the edit is dated here and its earlier text kept in the audit log."""

    contribution = models.OneToOneField(
        "wagtail_social_contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="official_answer",
        verbose_name=_("contribution"),
    )
    text = models.TextField(_("text"))
    author = erasable_person(_("author"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")

    def __str__(self):
        return f"{self.contribution_id}: {self.text[:40]}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
