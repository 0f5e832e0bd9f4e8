"""The demo's groups and what each may do: the departments, the community, the moderators, the
editors who publish, the comms team, the pilot group and the community managers.

Who belongs to them (the generated employees and the demo logins) is ``people``'s concern.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, Task, Workflow

COMMUNITY_GROUP = "Communauté Data & IA"
MODERATORS_GROUP = "Modérateurs"
EDITORS_GROUP = "Editors"  # created by Wagtail's own migrations
# The comms team that reads the participation figures (wagtail_social_kpi).
COMMUNICATION_GROUP = "Communication"
# The group a new way of working is tried with first, compared with everyone else in the figures.
PILOT_GROUP = "Pilote"
# The community managers who answer and decide the employees' contributions (``manage_contribution``).
ANIMATORS_GROUP = "Animateurs"
# Department groups are named "Département X" (WAGTAIL_SOCIAL_KPI_DEPARTMENT_GROUP_PREFIX).
DEPARTMENT_PREFIX = "Département "
# A department of fewer than k (5) people, so the figures show a suppressed row: a few generated
# employees and the ``communication`` login.
SMALL_DEPARTMENT = "Département Communication"

# (group name, weight in the workforce)
DEPARTMENTS = [
    ("Département Finance", 8),
    ("Département RH", 6),
    ("Département Informatique", 12),
    ("Département Commercial", 20),
    ("Département Production", 42),
    ("Département Marketing", 12),
]


def ensure_groups() -> dict[str, Group]:
    """Every group of the demo, by name, with its permissions (those missing are created)."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in department_names()}
    roles = (
        COMMUNITY_GROUP,
        MODERATORS_GROUP,
        EDITORS_GROUP,
        COMMUNICATION_GROUP,
        PILOT_GROUP,
        ANIMATORS_GROUP,
    )
    for name in roles:
        groups[name] = Group.objects.get_or_create(name=name)[0]
    groups[MODERATORS_GROUP].permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="wagtail_social", codename="moderate_comments"),
    )
    # The editor runs the polls too: writes them, reads results, exports who voted what.
    groups[EDITORS_GROUP].permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtail_social_polls",
            codename__in=["add_poll", "change_poll", "delete_poll", "view_poll", "export_poll_voters"],
        )
    )
    publishers_can_publish(groups[EDITORS_GROUP])
    # The comms team sees and exports the participation figures in Wagtail's admin.
    groups[COMMUNICATION_GROUP].permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="wagtail_social_kpi",
            codename__in=["view_participation", "export_participation"],
        ),
    )
    # The community managers reach the "Contributions" screens and the overdue questions report.
    groups[ANIMATORS_GROUP].permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(
            content_type__app_label="wagtail_social_contributions", codename="manage_contribution"
        ),
    )
    return groups


def publishers_can_publish(editors: Group) -> None:
    """The demo's editor adds pages and polls and publishes them herself. Wagtail's own
    "Editors" group may only submit pages to its default workflow, whose approvers ("Moderators",
    another of Wagtail's groups) nobody of the demo belongs to: a page she added a poll to stayed
    waiting for ever. The workflow stays (named in French) for a site that wants one."""
    root = Page.get_first_root_node()
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=publish)
    Workflow.objects.filter(name="Moderators approval").update(name="Validation par les modérateurs")
    Task.objects.filter(name="Moderators approval").update(name="Validation par les modérateurs")


def department_names() -> list[str]:
    return [name for name, _weight in DEPARTMENTS] + [SMALL_DEPARTMENT]
