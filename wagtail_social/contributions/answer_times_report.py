"""The "Answer times" report: how fast questions got their first answer, overall and per
section, for the people who manage contributions (a Wagtail ``ReportView``: its filters and its
CSV/XLSX export come from Wagtail, made safe by ``SafeSpreadsheetExportMixin``).

The figures are ``answer_times``'; this screen reads the filters (a range of days, a section the
person may see), shows the rows, and writes each export to Wagtail's audit log (on the section's
page, or the tree's root for every section), with its range and format.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from wagtail_social.spreadsheets import SafeSpreadsheetExportMixin

from .answer_times import AnswerTimes, answer_times, sections
from .managers import PERMISSION
from .models import Contribution

EXPORT_ACTION = "wagtail_social_contributions.export_answer_times"


class AnswerTimesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def answer_times_menu_item() -> MenuItem:
    return AnswerTimesMenuItem(
        _("Answer times"),
        reverse("wagtail_social_contributions_reports:answer_times"),
        icon_name="time",
        order=911,
    )


def default_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The four whole ISO weeks before the current one: questions asked then had their target
    delay to be answered, mostly."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=4), monday - datetime.timedelta(days=1)


class RangeForm(forms.Form):
    """An empty bound takes the default's; the range may not start after it ends."""

    def clean(self):
        cleaned = super().clean()
        start, end = default_range()
        cleaned["start"] = cleaned.get("start") or start
        cleaned["end"] = cleaned.get("end") or end
        if "start" not in self.errors and "end" not in self.errors and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(gettext("The range cannot start after it ends."))
        return cleaned


def _sections_for(request):
    """The sections offered: those the person may see, nothing else."""
    return sections(request.user) if request is not None else Page.objects.none()


class AnswerTimesFilterSet(WagtailFilterSet):
    start = django_filters.DateFilter(label=_("Asked from"), method="keep")
    end = django_filters.DateFilter(label=_("Asked until"), method="keep")
    section = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("a page and its subtree", "Section"), queryset=_sections_for, method="keep"
    )

    class Meta:
        model = Contribution
        form = RangeForm
        fields = ["start", "end", "section"]

    def keep(self, rows, name, value):
        return rows  # the rows are made for the filters already

    def filter_queryset(self, queryset):
        return queryset


def days_text(value) -> str | None:
    """A percentile as the screen shows it: "1.50", "not reached yet", or empty."""
    if isinstance(value, float | int):
        return number_format(value, 2)
    return None if value is None else str(value)


def days_cell(value):
    """A percentile as an export writes it: a number (two decimals), or its text."""
    if isinstance(value, float | int):
        return round(value, 2)
    return None if value is None else str(value)


def percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


class AnswerTimesView(SafeSpreadsheetExportMixin, ReportView):
    page_title = _("Answer times")
    header_icon = "time"
    index_url_name = "wagtail_social_contributions_reports:answer_times"
    index_results_url_name = "wagtail_social_contributions_reports:answer_times_results"
    permission_policy = ModelPermissionPolicy(Contribution)
    permission_required = "manage"  # the policy adds the model: manage_contribution
    filterset_class = AnswerTimesFilterSet
    paginate_by = 100
    export_filename = "answer-times"
    list_export = [
        "title",
        "questions",
        "answered",
        "median",
        "p90",
        "within_target",
        "within_target_percent",
    ]
    export_headings = {
        "title": pgettext_lazy("a page and its subtree", "Section"),
        "questions": _("Questions"),
        "answered": _("Answered"),
        "median": _("Median time to first answer (working days)"),
        "p90": _("90th percentile (working days)"),
        "within_target": _("Answered within target"),
        "within_target_percent": _("Within target (%)"),
    }

    @cached_property
    def filter_values(self) -> dict | None:
        return self.filters.form.cleaned_data if self.filters.is_valid() else None

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "queryset": Contribution.objects.none()}

    def get_queryset(self):
        values = self.filter_values
        if values is None:
            return []
        return answer_times(self.request.user, values["start"], values["end"], values.get("section"))

    def filter_queryset(self, queryset):
        return queryset

    @property
    def columns(self):
        return [
            Column("title", label=pgettext_lazy("a page and its subtree", "Section")),
            Column("questions", label=_("Questions")),
            Column("answered", label=_("Answered")),
            Column("median", label=_("Median (working days)"), accessor=lambda row: days_text(row.median)),
            Column("p90", label=_("90th percentile (working days)"), accessor=lambda row: days_text(row.p90)),
            Column("within_target", label=_("Within target")),
            Column(
                "within_target_percent",
                label=_("Within target (%)"),
                accessor=lambda row: percent(row.share_within_target),
            ),
        ]

    def get_page_subtitle(self):
        values = self.filter_values
        if values is None:
            return ""
        return gettext("Questions asked from %(start)s to %(end)s") % {
            "start": values["start"],
            "end": values["end"],
        }

    def to_row_dict(self, item: AnswerTimes) -> dict:
        return {
            "title": item.title,
            "questions": item.questions,
            "answered": item.answered,
            "median": days_cell(item.median),
            "p90": days_cell(item.p90),
            "within_target": item.within_target,
            "within_target_percent": percent(item.share_within_target),
        }

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            return super().get(request, *args, **kwargs)
        values = self.filter_values
        if values is None:
            errors = "; ".join(str(error) for errors in self.filters.form.errors.values() for error in errors)
            return HttpResponseBadRequest(errors)
        self.log_export(request.GET.get("export"), values)
        return self.as_spreadsheet(self.get_queryset(), request.GET.get("export"))

    def log_export(self, export_format: str, values: dict) -> None:
        """Who exported which questions' answer times, in which format: on the section's page, or
        on the tree's root for every section."""
        section = values.get("section")
        log(
            instance=section or Page.get_first_root_node(),
            action=EXPORT_ACTION,
            user=self.request.user,
            data={
                "start": values["start"].isoformat(),
                "end": values["end"].isoformat(),
                "format": export_format,
                "section": section.pk if section else None,
            },
        )
