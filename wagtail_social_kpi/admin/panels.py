"""The participation summary on the Wagtail home page, for those who may see the figures: the
headline figures of the last four full weeks and a link to the dashboard."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .. import definitions, privacy
from . import presentation
from .dashboard import may_see_figures
from .forms import DEFAULT_PRESET, preset_range

SUMMARY_FIGURES = ("readers", "regular_readers", "active_contributors", "engaged")


class ParticipationSummaryPanel(Component):
    name = "participation_summary"
    template_name = "wagtail_social_kpi/admin/home_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        date_range = preset_range(DEFAULT_PRESET)
        headline = privacy.protect_headline(definitions.headline(date_range))
        context["rows"] = [row for row in presentation.headline_rows(headline) if row.key in SUMMARY_FIGURES]
        context["date_range"] = presentation.date_range_text(date_range)
        context["dashboard_url"] = reverse("wagtail_social_kpi_admin:dashboard")
        return context


def add_summary_panel(request, panels: list) -> None:
    """``construct_homepage_panels``: the summary, for those who may see the figures."""
    if may_see_figures(request.user):
        panels.append(ParticipationSummaryPanel())
