"""Mounts the contributions' admin screens (the managers' "Contributions" viewset, the overdue
questions and answer times reports), names their actions in Wagtail's audit log and lets the listing filter overdue
questions; the screens and their rules live elsewhere (``admin_views``, ``overdue_report``,
``answer_targets``, ``answer_times_report``)."""

from django.urls import include, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import admin_urls, answers, handling, report_admin, reporting, statuses
from .admin_views import contribution_viewset, register_contribution_permission_policy
from .answer_targets import overdue
from .answer_times_report import EXPORT_ACTION as ANSWER_TIMES_EXPORT
from .answer_times_report import answer_times_menu_item
from .overdue_report import overdue_menu_item


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "social/reports/contributions/",
            include(admin_urls, namespace="wagtail_social_contributions_reports"),
        ),
        # The moderators' review of a reported contribution (``report_admin``).
        path(
            "social/contribution-moderation/",
            include((report_admin.urlpatterns, report_admin.NAMESPACE), namespace=report_admin.NAMESPACE),
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_overdue_report():
    return overdue_menu_item()


@hooks.register("register_reports_menu_item")
def register_answer_times_report():
    return answer_times_menu_item()


@hooks.register("register_admin_viewset")
def register_viewset():
    register_contribution_permission_policy()
    return contribution_viewset


@hooks.register("filter_overdue_contributions")
def filter_overdue_contributions(queryset, request):
    return overdue(queryset, timezone.now())


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
        (ANSWER_TIMES_EXPORT, _("Export answer times"), _("Answer times exported")),
        (reporting.APPROVE_ACTION, _("Keep reported contribution"), _("Reported contribution kept")),
        (reporting.REMOVE_ACTION, _("Remove contribution"), _("Contribution removed")),
        (reporting.RESTORE_ACTION, _("Restore contribution"), _("Contribution restored")),
    ):
        actions.register_action(action, label, message)
