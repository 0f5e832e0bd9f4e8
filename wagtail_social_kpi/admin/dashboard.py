"""The participation dashboard: the headline figures, the trend, the departments, the pyramid
and group A against group B, for the range, grouping and comparison picked.

A thin view: the figures come from ``definitions`` and are shown only through ``privacy``;
``presentation`` words them and ``charts`` draws them. Its queries do not grow with the number
of records (the definitions' queries, plus the population and departments).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from wagtail_social.access import visible_pages

from .. import definitions, dictionary, population, privacy
from ..conf import settings
from . import presentation
from .forms import PRESETS, DashboardForm, preset_range

PERMISSION = "wagtail_social_kpi.view_participation"
ICON = "table"
CONTRIBUTORS_SHOWN = 10


def may_see_figures(user) -> bool:
    return user.has_perm(PERMISSION)


class ParticipationMenuItem(MenuItem):
    """The "Participation" menu entry, for those who may see the figures."""

    def is_shown(self, request):
        return may_see_figures(request.user)


def participation_menu_item() -> MenuItem:
    return ParticipationMenuItem(
        _("Participation"), reverse("wagtail_social_kpi_admin:dashboard"), icon_name=ICON, order=850
    )


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_social_kpi/admin/dashboard.html"
    page_title = _("Participation")
    header_icon = ICON

    def dispatch(self, request, *args, **kwargs):
        if not may_see_figures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DashboardForm(self.request.GET)
        context["form"] = form
        context["k"] = settings.MIN_GROUP_SIZE
        context["dictionary"] = [
            {"entry": entry, "definition": entry.definition_for(settings.HEAVY_CONTRIBUTOR_THRESHOLD)}
            for entry in dictionary.HEADLINE + dictionary.PYRAMID
        ]
        if form.is_valid():
            context.update(self.figures(form))
            form.shown_dates()
        context["presets"] = [
            {
                "label": label,
                "query": form.query(preset=name),
                "range": presentation.date_range_text(preset_range(name)),
            }
            for name, label in PRESETS
        ]
        return context

    def figures(self, form: DashboardForm) -> dict:
        date_range, grain = form.date_range, form.grouping
        # The headline, the departments and the comparison are cut from one collection.
        population_figures = definitions.population_figures(date_range)
        headline = privacy.protect_headline(population_figures.headline)
        periods = privacy.protect_periods(definitions.by_period(date_range, grain))
        by_department = population_figures.by_department(population.departments())
        figures = {
            "date_range": presentation.date_range_text(date_range),
            "previous_range": presentation.date_range_text(date_range.previous()),
            "grain": grain,
            "population": presentation.people(headline.population.count),
            "headline": presentation.headline_rows(headline),
            "pyramid": presentation.pyramid_rows(headline),
            "pyramid_chart": presentation.pyramid_chart("kpi-pyramid-chart", headline),
            "heavy_threshold": headline.heavy_threshold,
            "periods": presentation.period_rows(periods, grain),
            "trend_chart": presentation.trend_chart("kpi-trend-chart", periods, grain),
            "figure_headings": presentation.figure_headings(),
        }
        if any(name is not None for name in by_department):
            departments = privacy.protect_departments(by_department)
            figures["departments"] = presentation.department_rows(departments)
            figures["department_chart"] = presentation.department_chart("kpi-department-chart", departments)
        figures.update(self.comparison(form, population_figures))
        figures["contributors"] = self.contributors(date_range)
        return figures

    def contributors(self, date_range) -> dict:
        """The opt-in "most active contributors" list: only people who said yes on the employee
        page, counting only contributions on pages the viewer may see."""
        listed = definitions.most_active_contributors(
            date_range, limit=CONTRIBUTORS_SHOWN, pages=visible_pages(self.request.user)
        )
        try:
            employee_page = reverse("wagtail_social_kpi:measured")
        except NoReverseMatch:  # the employee pages are not included in this site's URLs
            employee_page = ""
        return {
            "rows": [
                {
                    "name": line.user.get_full_name() or line.user.get_username(),
                    "contributions": presentation.number(line.contributions),
                }
                for line in listed
            ],
            "employee_page": employee_page,
        }

    def comparison(self, form: DashboardForm, population_figures: definitions.PopulationFigures) -> dict:
        asked = form.comparison
        if asked is None:
            return {}
        group_a, group_b = asked
        names = {"group_a": group_a, "group_b": group_b or _("everyone else")}
        try:
            comparison = population_figures.compare_groups(group_a, group_b)
        except definitions.ComparisonRefused as refused:
            return {"comparison": {**names, "refused": str(refused)}}
        a = privacy.protect_headline(comparison.a)
        b = privacy.protect_headline(comparison.b)
        return {"comparison": {**names, "rows": presentation.comparison_rows(a, b)}}
