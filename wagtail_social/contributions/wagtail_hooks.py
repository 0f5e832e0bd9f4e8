"""Mounts the managers' "Contributions" screens (``admin_views``) and names the contributions'
actions in Wagtail's audit log; the screens and their rules live elsewhere."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import answers, handling, statuses
from .admin_views import contribution_viewset, register_contribution_permission_policy


@hooks.register("register_admin_viewset")
def register_viewset():
    register_contribution_permission_policy()
    return contribution_viewset


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, label, message in (
        (statuses.LOG_ACTION, _("Change contribution status"), _("Contribution status changed")),
        (answers.DRAFT_ACTION, _("Draft official answer"), _("Official answer drafted")),
        (answers.PUBLISH_ACTION, _("Publish official answer"), _("Official answer published")),
        (answers.EDIT_ACTION, _("Edit official answer"), _("Official answer edited")),
        (answers.ACCEPT_ACTION, _("Accept answer"), _("Answer accepted")),
        (answers.UNACCEPT_ACTION, _("Unmark accepted answer"), _("Accepted answer unmarked")),
        (handling.ASSIGN_ACTION, _("Assign contribution"), _("Contribution assigned")),
        (handling.MERGE_ACTION, _("Merge duplicate"), _("Merged into another contribution")),
        (handling.MERGED_ACTION, _("Receive duplicate"), _("A duplicate was merged into it")),
    ):
        actions.register_action(action, label, message)
