"""The participation reports' URLs, mounted under ``social-kpi/reports/`` by ``wagtail_hooks.py``
(namespace ``wagtail_social_kpi_reports``)."""

from django.urls import path

from .reports import REPORTS

app_name = "wagtail_social_kpi_reports"


def _report(name: str, view) -> list:
    """A report's page and its results fragment, both at ``<name>/``."""
    return [
        path(f"{name}/", view.as_view(), name=name),
        path(f"{name}/results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]


urlpatterns = [pattern for name, view in REPORTS.items() for pattern in _report(name, view)]
