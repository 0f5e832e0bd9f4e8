"""Who manages a page's contributions: the one place that decides it (statuses, official
answers, assignment, merges, the admin screens, reminders all ask here).

Today a manager is an active user holding the permission
``wagtail_social_contributions.manage_contribution`` (given to a group in Wagtail's group screen)
who may see the page through ``wagtail_social.access``: a private community's contributions are
managed by its members only. A group may also hold that permission for one or more sections only
(a ``GroupPagePermission`` row: ``wagtail_social.sections``): its members manage the contributions
of those sections' subtrees, and are the only ones notified of them.
"""

from __future__ import annotations

from wagtail.models import Page

from wagtail_social import access, sections

PERMISSION = "wagtail_social_contributions.manage_contribution"


def may_manage(user, page: Page) -> bool:
    """Whether ``user`` may manage the contributions of ``page`` (change their status, answer
    them, assign and merge them)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return sections.holds_for(user, PERMISSION, page) and access.user_can_view(user, page)


def managers_of(page: Page) -> list:
    """The people who may manage ``page``'s contributions (those :func:`may_manage` admits)."""
    users = sections.holders_for(page, PERMISSION).prefetch_related("groups")
    return access.filter_users_who_can_view(page, users.order_by("pk"))
