"""The KPI app's permissions, and the consents to the "most active contributors" list. Figures
are computed from the features' records; the app stores no figure of its own yet (monthly
aggregates that survive the purge of reading records will)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ParticipationFigures(models.Model):
    """Holds the named permissions of the participation figures (no table): offered in
    Wagtail's group screen like any model's."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_participation", _("Can see the participation figures")),
            ("export_participation", _("Can export the participation figures")),
        ]
        verbose_name = _("participation figures")
        verbose_name_plural = _("participation figures")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class ContributorListConsent(models.Model):
    """A person's consent to appear in the "most active contributors" list.

    Nobody is in the list by default (DESIGN.md: no per-employee ranking unless opted in). The
    row exists while the consent does: opting out deletes it, so nothing is kept about a consent
    withdrawn; deleting the account deletes it too. ``opted_in_at`` records when the person said
    yes, which is what a works council or a DPO asks to see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contributor_list_consent",
        verbose_name=_("person"),
    )
    opted_in_at = models.DateTimeField(_("opted in at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent to the contributors list")
        verbose_name_plural = _("consents to the contributors list")

    def __str__(self) -> str:
        return str(self.user)
