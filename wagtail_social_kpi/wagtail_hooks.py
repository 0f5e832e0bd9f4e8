"""Mounts and registers the KPI app's admin screens (``wagtail_social_kpi/admin/``); the screens,
and the figures' rules, live elsewhere."""

from functools import partial

from django.contrib.auth.models import Permission
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin import report_urls
from .admin import urls as admin_urls
from .admin.dashboard import participation_menu_item
from .admin.panels import add_summary_panel
from .admin.reports import REPORTS, report_menu_item
from .exports import EXPORT_LOG_ACTION


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("participation/", include(admin_urls, namespace="wagtail_social_kpi_admin")),
        path("social-kpi/reports/", include(report_urls, namespace="wagtail_social_kpi_reports")),
    ]


@hooks.register("register_admin_menu_item")
def register_participation_menu_item():
    return participation_menu_item()


for _name in REPORTS:  # one Reports menu entry per report, each shown with view_participation
    hooks.register("register_reports_menu_item", partial(report_menu_item, _name))


@hooks.register("register_permissions")
def register_participation_permissions():
    """Offered in Wagtail's group screen."""
    return Permission.objects.filter(
        content_type__app_label="wagtail_social_kpi",
        codename__in=["view_participation", "export_participation"],
    )


@hooks.register("register_log_actions")
def register_export_log_action(actions):
    actions.register_action(
        EXPORT_LOG_ACTION, _("Export participation figures"), _("Participation figures exported")
    )


hooks.register("construct_homepage_panels", add_summary_panel)
