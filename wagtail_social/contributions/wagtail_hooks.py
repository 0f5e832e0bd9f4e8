"""Mounts and registers the contributions' admin screens; the screens and their rules live
elsewhere (``overdue_report``, ``answer_targets``)."""

from django.urls import include, path
from wagtail import hooks

from . import admin_urls
from .overdue_report import overdue_menu_item


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("contributions/", include(admin_urls, namespace="wagtail_social_contributions_admin"))]


@hooks.register("register_reports_menu_item")
def register_overdue_report():
    return overdue_menu_item()
