"""Who manages a page's contributions: the one place that decides it.

Today: active users with the permission ``wagtail_social_contributions.manage_contribution``
(a custom permission on ``Contribution``; superusers have every permission) who may see the page
through ``wagtail_social.access``. Reminders, notifications and the managers' admin screens
ask here, so narrowing it later (per-section community managers) changes them all at once.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from wagtail.models import Page

from wagtail_social import access

PERMISSION = "wagtail_social_contributions.manage_contribution"


def may_manage(user, page: Page) -> bool:
    """Whether ``user`` manages the contributions of ``page``."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(PERMISSION)
        and access.user_can_view(user, page)
    )


def managers_of(page: Page) -> list:
    """The people who manage the contributions of ``page`` (for reminders and notifications,
    sent without a request)."""
    users = get_user_model().objects.with_perm(PERMISSION, is_active=True, include_superusers=True)
    return access.filter_users_who_can_view(page, users.prefetch_related("groups").order_by("pk"))
