"""The usage charter: its versions, each dated and kept, and who accepted which.

A version is never changed once published: what a person accepted must stay readable as they
read it. Editing the charter in the admin publishes a new version (the next number), which
asks everyone again. Uniqueness lives in the database: one number per version, one acceptance
per person and version.
"""

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField


class CharterVersionChanged(Exception):
    """A published charter version was about to be changed: publish a new one instead."""


class CharterVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    text = RichTextField(_("text"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now, editable=False)
    published_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("usage charter version")
        verbose_name_plural = _("usage charter versions")
        ordering = ["-number"]
        # Versions are added and read, never changed nor deleted.
        default_permissions = ("add", "view")

    def __str__(self):
        return str(_("Usage charter, version %(number)s") % {"number": self.number})

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise CharterVersionChanged(f"Charter version {self.number} is published: publish a new version.")
        super().save(*args, **kwargs)


class CharterAcceptance(models.Model):
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    version = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, related_name="acceptances", verbose_name=_("version")
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("usage charter acceptance")
        verbose_name_plural = _("usage charter acceptances")
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="wagtail_social_one_charter_acceptance")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.version_id}"
