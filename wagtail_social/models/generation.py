"""A number that moves on whenever something that decides access or policy changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Generation(models.Model):
    """One row. ``wagtail_social.generation`` adds one to ``number`` in the transaction of every
    change to pages, view restrictions, participation policies and site defaults; what the
    endpoints keep in memory between requests is valid for one number only."""

    number = models.BigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("generation")
        verbose_name_plural = _("generations")

    def __str__(self):
        return str(self.number)
