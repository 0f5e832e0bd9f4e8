"""The URLs of the KPI app's admin screens, mounted under ``participation/`` by ``wagtail_hooks.py``."""

from django.urls import path

from .dashboard import DashboardView

app_name = "wagtail_social_kpi_admin"

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
]
