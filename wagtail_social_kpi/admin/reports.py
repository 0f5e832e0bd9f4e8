"""The participation reports: Wagtail ``ReportView``s per page, per section, per department and
per period, with their CSV, XLSX and JSON exports.

The rows are ``tables``' (the figures of ``definitions`` after ``privacy``): these views only read
the filters, check permissions and log exports. Seeing a report takes
``wagtail_social_kpi.view_participation``; exporting it takes ``export_participation`` too, and
each export is written to Wagtail's audit log. Pages the viewer may not see appear nowhere: not
in the rows (``definitions`` asks the access module), not in the section filter's choices.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import Button
from wagtail.models import Page

from wagtail_social.access import visible_pages

from .. import definitions, tables, year_on_year
from ..definitions import DateRange
from ..exports import TableExportMixin, log_export

VIEW_PERMISSION = "wagtail_social_kpi.view_participation"
EXPORT_PERMISSION = "wagtail_social_kpi.export_participation"


class RangeForm(forms.Form):
    """Checks the range as a whole: an empty bound takes the default's (the last four full
    weeks), and the range may not start after it ends."""

    def clean(self):
        cleaned = super().clean()
        default = tables.last_full_weeks()
        start, end = cleaned.get("start") or default.start, cleaned.get("end") or default.end
        if "start" not in self.errors and "end" not in self.errors:
            if start > end:
                raise forms.ValidationError(gettext("The range cannot start after it ends."))
            cleaned["date_range"] = DateRange(start, end)
        return cleaned


class RangeFilterSet(WagtailFilterSet):
    start = django_filters.DateFilter(label=pgettext_lazy("start of a date range", "From"), method="keep")
    end = django_filters.DateFilter(label=pgettext_lazy("end of a date range", "To"), method="keep")

    class Meta:
        form = RangeForm
        fields = ["start", "end"]

    def keep(self, rows, name, value):
        return rows  # the rows are made for the range already (``tables``)

    def filter_queryset(self, queryset):
        return queryset


def _sections_for(request):
    """The sections the filter offers: those the viewer may see, nothing else."""
    if request is None:
        return Page.objects.none()
    return tables.sections().filter(pk__in=visible_pages(request.user).values("pk")).order_by("path")


class SectionFilterSet(RangeFilterSet):
    section = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("a page and its subtree", "Section"), queryset=_sections_for, method="keep"
    )

    class Meta(RangeFilterSet.Meta):
        fields = ["start", "end", "section"]


class PeriodFilterSet(RangeFilterSet):
    grouping = django_filters.ChoiceFilter(
        label=_("Grouping"),
        choices=[(definitions.DAY, _("Day")), (definitions.WEEK, _("Week")), (definitions.MONTH, _("Month"))],
        empty_label=None,
        method="keep",
    )

    class Meta(RangeFilterSet.Meta):
        fields = ["start", "end", "grouping"]


class CellColumn(Column):
    """A column of a table row (a dict): a withheld cell shows its text, "fewer than k"."""

    def get_value(self, instance):
        value = instance.get(self.name)
        return "—" if value is None else value


def may_view(user) -> bool:
    return user.has_perm(VIEW_PERMISSION)


def may_export(user) -> bool:
    return user.has_perm(VIEW_PERMISSION) and user.has_perm(EXPORT_PERMISSION)


class ParticipationReportView(TableExportMixin, ReportView):
    """A participation table as a report; ``?export=csv|xlsx|json`` for its file."""

    grouping = tables.PAGE
    filterset_class = SectionFilterSet
    header_icon = "table"
    results_template_name = "wagtail_social_kpi/admin/report_results.html"
    paginate_by = 100
    permission_policy = None
    report_name = ""  # its URL names: wagtail_social_kpi_reports:<report_name>[_results]

    @property
    def index_url_name(self):
        return f"wagtail_social_kpi_reports:{self.report_name}"

    @property
    def index_results_url_name(self):
        return f"wagtail_social_kpi_reports:{self.report_name}_results"

    def dispatch(self, request, *args, **kwargs):
        if not may_view(request.user):
            if self.is_export:
                return HttpResponseForbidden(gettext("You may not export the participation figures."))
            return permission_denied(request)
        if self.is_export and not may_export(request.user):
            return HttpResponseForbidden(gettext("You may not export the participation figures."))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def filter_values(self) -> dict | None:
        """The valid filters' values, with the range as a ``DateRange``; None if invalid."""
        if not self.filters.is_valid():
            return None
        return self.filters.form.cleaned_data

    @cached_property
    def table(self) -> tables.Table | None:
        values = self.filter_values
        if values is None:
            return None
        grouping = values.get("grouping") or self.grouping
        return tables.table_for(grouping, values["date_range"], self.request.user, values.get("section"))

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "queryset": Page.objects.none()}

    def get_queryset(self):
        return list(self.table.rows()) if self.table is not None else []

    def filter_queryset(self, queryset):
        return queryset

    @property
    def columns(self):
        if self.table is None:
            return []
        return [CellColumn(key, label=heading) for key, heading in self.table.columns]

    def get_page_subtitle(self):
        if self.table is None:
            return ""
        date_range = self.table.date_range
        return gettext("%(start)s to %(end)s") % {"start": date_range.start, "end": date_range.end}

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["filter_errors"] = None if self.filter_values is not None else self.filters.form.errors
        return context

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            return super().get(request, *args, **kwargs)
        if self.table is None:
            errors = "; ".join(str(error) for errors in self.filters.form.errors.values() for error in errors)
            return HttpResponseBadRequest(errors)
        export_format = request.GET["export"]
        self.use_table(self.table)
        log_export(self.table, export_format, user=request.user, **self.export_details())
        return self.as_spreadsheet(self.table.rows(), export_format)

    def export_details(self) -> dict:
        """What the audit log entry of an export says besides the table and its range."""
        section = self.filter_values.get("section")
        return {"section": section.pk} if section else {}

    @property
    def show_export_buttons(self):
        return may_export(self.request.user) and self.table is not None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        if self.show_export_buttons:
            buttons.append(
                Button(
                    gettext("Download JSON"),
                    url=self.get_export_url("json"),
                    icon_name="download",
                    priority=110,
                )
            )
        return buttons


class PageReportView(ParticipationReportView):
    report_name = "pages"
    page_title = _("Participation by page")


class SectionReportView(ParticipationReportView):
    report_name = "sections"
    grouping = tables.SECTION
    page_title = _("Participation by section")


class DepartmentReportView(ParticipationReportView):
    report_name = "departments"
    grouping = tables.DEPARTMENT
    filterset_class = RangeFilterSet
    page_title = _("Participation by department")


class PeriodReportView(ParticipationReportView):
    report_name = "periods"
    grouping = definitions.WEEK
    filterset_class = PeriodFilterSet
    page_title = _("Participation by period")


NO_DEPARTMENT = "__none__"  # the picker's value for people with no department


def _department_choices():
    return [
        (name or NO_DEPARTMENT, year_on_year.department_label(name))
        for name in year_on_year.department_names()
    ]


class YearOnYearFilterSet(WagtailFilterSet):
    department = django_filters.ChoiceFilter(
        label=_("Department"), choices=_department_choices, empty_label=_("Everyone"), method="keep"
    )

    class Meta:
        fields = ["department"]

    def keep(self, rows, name, value):
        return rows

    def filter_queryset(self, queryset):
        return queryset


class MonthColumn(CellColumn):
    """A month, as "October 2026"."""

    def get_value(self, instance):
        return date_format(instance[self.name], "F Y")


class YearOnYearReportView(ParticipationReportView):
    """Each closed month of the last twelve against the same month a year earlier, from the
    stored monthly figures (``year_on_year``)."""

    report_name = "year_on_year"
    filterset_class = YearOnYearFilterSet
    page_title = _("Participation year on year")

    def department(self) -> str | None:
        """The department picked: None for everyone, "" for people with no department."""
        picked = self.filter_values.get("department") or None
        return "" if picked == NO_DEPARTMENT else picked

    @cached_property
    def table(self) -> tables.Table | None:
        if self.filter_values is None:
            return None
        return year_on_year.year_on_year_table(year_on_year.year_on_year(self.department()))

    @property
    def columns(self):
        if self.table is None:
            return []
        return [
            (MonthColumn if key in ("month", "year_earlier") else CellColumn)(key, label=heading)
            for key, heading in self.table.columns
        ]

    def get_page_subtitle(self):
        if self.table is None:
            return ""
        return year_on_year.department_label(self.department())

    def export_details(self) -> dict:
        department = self.department()
        return {} if department is None else {"department": department}


class ParticipationMenuItem(MenuItem):
    """A Reports menu entry for those who may see the participation figures."""

    def is_shown(self, request):
        return may_view(request.user)


# Every report, by name: its URLs (``report_urls``) and its Reports menu entry.
REPORTS = {
    view.report_name: view
    for view in (
        PageReportView,
        SectionReportView,
        DepartmentReportView,
        PeriodReportView,
        YearOnYearReportView,
    )
}


def report_menu_item(name: str) -> MenuItem:
    """The Reports menu entry of the report ``name`` (a key of :data:`REPORTS`)."""
    return ParticipationMenuItem(
        REPORTS[name].page_title,
        reverse(f"wagtail_social_kpi_reports:{name}"),
        icon_name="table",
        order=950 + list(REPORTS).index(name),
    )
