"""Mounts and registers the KPI app's admin screens (``wagtail_social_kpi/admin/``); the screens,
and the figures' rules, live elsewhere."""

from django.contrib.auth.models import Permission
from django.urls import include, path
from wagtail import hooks

from .admin import urls as admin_urls
from .admin.dashboard import participation_menu_item
from .admin.panels import add_summary_panel


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("participation/", include(admin_urls, namespace="wagtail_social_kpi_admin"))]


@hooks.register("register_admin_menu_item")
def register_participation_menu_item():
    return participation_menu_item()


@hooks.register("register_permissions")
def register_participation_permissions():
    """Offered in Wagtail's group screen."""
    return Permission.objects.filter(
        content_type__app_label="wagtail_social_kpi", codename="view_participation"
    )


hooks.register("construct_homepage_panels", add_summary_panel)
