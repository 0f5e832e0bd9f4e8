"""Model fields the contributions' models share."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models


def erasable_person(verbose_name) -> models.ForeignKey:
    """Who wrote, answered, handled or changed something: emptied, the row kept, when that
    person's data is erased (others discussed and supported it)."""
    return models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )
