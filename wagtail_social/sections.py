"""Community managers per section: a permission held for one or more sections of the tree only.

The Wagtail-native way, with nothing new to store: a ``GroupPagePermission`` row (Wagtail's own
page permission table) whose ``permission`` is one of our permissions, for example
``wagtail_social.moderate_comments`` or ``wagtail_social_contributions.manage_contribution``.
Given to a group on a page, the permission holds for that page and its whole subtree, exactly as
Wagtail's page permissions do; given to a group site-wide (the group's own permissions, as
before), it holds everywhere. Grant a section from a shell or a data migration::

    GroupPagePermission.objects.create(
        group=group, page=section, permission=Permission.objects.get(codename="moderate_comments")
    )

Wagtail's group screen lists only its own page permissions; our panel beside it, "Sections
moderated" (``admin/section_grants.py``), lists and gives these.
Access still applies on top (``wagtail_social.access``): a section grant never opens a private
community to someone who is not a member.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .conf import settings


def _permission_filter(permission: str, prefix: str = "permission__") -> Q:
    app_label, codename = permission.split(".")
    return Q(**{f"{prefix}content_type__app_label": app_label, f"{prefix}codename": codename})


def holds_everywhere(user, permission: str) -> bool:
    """Whether ``user`` (active) holds ``permission`` site-wide (group or user permission)."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.has_perm(permission))


def section_paths(user, permission: str) -> list[str]:
    """The tree paths of the sections where ``user`` holds ``permission`` (not site-wide). Read
    from Wagtail's own page permissions of the user, cached on the user for the request by
    Wagtail: no query of ours on every admin page (menus ask this)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    app_label, codename = permission.split(".")
    return [
        grant.page.path
        for grant in PagePermissionPolicy().get_cached_permissions_for_user(user)
        if grant.permission.codename == codename
        and ContentType.objects.get_for_id(grant.permission.content_type_id).app_label == app_label
    ]


def holds_anywhere(user, permission: str) -> bool:
    """Whether ``user`` holds ``permission`` site-wide or for at least one section."""
    return holds_everywhere(user, permission) or bool(section_paths(user, permission))


def holds_for(user, permission: str, page: Page) -> bool:
    """Whether ``user`` holds ``permission`` for ``page``: site-wide, or on the page or one of
    its ancestors."""
    if holds_everywhere(user, permission):
        return True
    return any(page.path.startswith(path) for path in section_paths(user, permission))


def pages_q(user, permission: str, prefix: str = "") -> Q | None:
    """A condition on pages (``prefix`` leads from the queried model to a page's ``path``, e.g.
    ``"page__"``) keeping the sections ``user`` holds ``permission`` for; ``None`` when it holds
    site-wide (no condition). Holding it nowhere gives a condition nothing satisfies."""
    if holds_everywhere(user, permission):
        return None
    condition = Q(pk__in=[])
    for path in section_paths(user, permission):
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def section_pages(user, permission: str) -> QuerySet | None:
    """The pages ``user`` holds ``permission`` for, or ``None`` when it holds it site-wide."""
    condition = pages_q(user, permission)
    return None if condition is None else Page.objects.filter(condition)


def holders_for(page: Page, permission: str) -> QuerySet:
    """The active users holding ``permission`` for ``page``: site-wide, or through a section
    that is the page or one of its ancestors (access is left to the caller)."""
    users = get_user_model().objects
    site_wide = users.with_perm(permission, is_active=True).values("pk")
    ancestor_paths = [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    in_section = GroupPagePermission.objects.filter(
        _permission_filter(permission), page__path__in=ancestor_paths
    ).values("group")
    return users.filter(Q(pk__in=site_wide) | Q(groups__in=in_section, is_active=True)).distinct()


# The permissions an administrator gives per section on Wagtail's group screen
# (``admin/section_grants.py``): the moderators' (``WAGTAIL_SOCIAL_MODERATE_PERMISSION``), and
# those features register.
_SECTION_PERMISSIONS: dict[str, object] = {}


def register_section_permission(permission: str, label) -> None:
    """Offer ``permission`` (``app_label.codename``) per section on the group screen, as
    ``label`` (registering again replaces it: apps may be made ready twice in tests)."""
    _SECTION_PERMISSIONS[permission] = label


def section_permissions() -> dict[str, object]:
    """The permissions given per section, with their labels, the moderators' first."""
    return {settings.MODERATE_PERMISSION: _("Moderate comments"), **_SECTION_PERMISSIONS}
