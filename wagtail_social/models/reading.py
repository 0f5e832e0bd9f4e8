"""Reading records: who read which page on which day, and how many anonymous views a page had.

Deliberately coarse (a day, no time, no IP address, no user agent): enough for "readers" and
"regular readers", too little to follow anyone through their day. Written by
:func:`wagtail_social.reading.record_page_view`; purged by ``manage.py purge_page_views``.
"""

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class PageView(models.Model):
    """A logged-in person read a page on a day (at most one row per person, page and day)."""

    # No single-column indexes on the foreign keys: the unique constraint leads with ``user``
    # and the (page, day) index with ``page``, and every index is paid on each page view.
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("person"),
    )
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("page")
    )
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("page view")
        verbose_name_plural = _("page views")
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "day"], name="wagtail_social_one_view_per_day"),
        ]
        indexes = [
            # Readers and regular readers of a period (and by department, through the user).
            models.Index(fields=["day", "user"], name="wagtail_social_view_day_user"),
            # Views and unique readers of a page or section over a period.
            models.Index(fields=["page", "day"], name="wagtail_social_view_page_day"),
        ]

    def __str__(self):
        return f"{self.user_id} read {self.page_id} on {self.day}"


class AnonymousPageView(models.Model):
    """How many times visitors who were not logged in viewed a page on a day."""

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("page")
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("anonymous page views")
        verbose_name_plural = _("anonymous page views")
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="wagtail_social_one_anon_count_per_day"),
        ]

    def __str__(self):
        return f"{self.page_id} on {self.day}: {self.views}"
