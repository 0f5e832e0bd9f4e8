"""The participation reports' URLs, mounted under ``social-kpi/reports/`` by ``wagtail_hooks.py``
(namespace ``wagtail_social_kpi_reports``)."""

from django.urls import path

from .reports import DepartmentReportView, PageReportView, PeriodReportView, SectionReportView

app_name = "wagtail_social_kpi_reports"


def _report(route: str, name: str, view) -> list:
    return [
        path(f"{route}/", view.as_view(), name=name),
        path(f"{route}/results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]


urlpatterns = [
    *_report("pages", "pages", PageReportView),
    *_report("sections", "sections", SectionReportView),
    *_report("departments", "departments", DepartmentReportView),
    *_report("periods", "periods", PeriodReportView),
]
