"""The KPI app's permissions. Figures are computed from the features' records; the app stores
no figure of its own yet (monthly aggregates that survive the purge of reading records will)."""

from django.db import models
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

    def __str__(self):
        return str(self._meta.verbose_name)
