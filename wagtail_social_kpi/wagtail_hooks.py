"""Mounts and registers the KPI app's admin screens (``wagtail_social_kpi/admin/``); the screens,
and their rules, live there."""

from functools import partial

from django.contrib.auth.models import Permission
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# --- Reports and exports (``admin/reports.py``, ``exports.py``) -------------------------------
from .admin import urls as report_urls
from .admin.reports import REPORTS, report_menu_item
from .exports import EXPORT_LOG_ACTION


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("social-kpi/reports/", include(report_urls, namespace="wagtail_social_kpi_reports"))]


for _name in REPORTS:  # one Reports menu entry per report, each shown with view_participation
    hooks.register("register_reports_menu_item", partial(report_menu_item, _name))


@hooks.register("register_log_actions")
def register_export_log_action(actions):
    actions.register_action(
        EXPORT_LOG_ACTION, _("Export participation figures"), _("Participation figures exported")
    )


@hooks.register("register_permissions")
def register_participation_permissions():
    # Wagtail ORs the querysets of this hook: registering these twice does no harm.
    return Permission.objects.filter(
        content_type__app_label="wagtail_social_kpi",
        codename__in=["view_participation", "export_participation"],
    )


# --- End of reports and exports -----------------------------------------------------------------
