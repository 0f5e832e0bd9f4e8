"""The participation dashboard: the headline figures, the trend, the departments, the pyramid
and group A against group B, for the range, grouping and comparison picked.

A thin view: the figures come from ``definitions`` and are shown only through ``privacy``;
``presentation`` words them and ``charts`` draws them. Its queries do not grow with the number
of records (the definitions' queries, plus the population and departments).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseForbidden, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from wagtail_social.access import visible_pages

from .. import definitions, dictionary
from ..conf import settings
from ..dashboard_figures import ComparedGroups, dashboard_figures, dashboard_table
from ..exports import FORMATS, TableExportMixin, log_export
from ..shares import share_figures
from . import presentation
from .forms import PRESETS, DashboardForm, preset_range
from .reports import may_export

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


EXPORT_LABELS = {"csv": _("Download CSV"), "xlsx": _("Download XLSX"), "json": _("Download JSON")}


class DashboardView(TableExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """The dashboard; with ``?export=csv|xlsx|json``, the same figures as a file (for those who
    may export them), written to the audit log."""

    template_name = "wagtail_social_kpi/admin/dashboard.html"
    page_title = _("Participation")
    header_icon = ICON

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not may_export(request.user):
            return HttpResponseForbidden(gettext("You may not export the participation figures."))
        if not may_see_figures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            return super().get(request, *args, **kwargs)
        form = DashboardForm(request.GET)
        if not form.is_valid():
            errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
            return HttpResponseBadRequest(errors)
        self.form = form
        table = dashboard_table(dashboard_figures(form.date_range, form.grouping, form.comparison))
        self.use_table(table)
        export_format = request.GET["export"]
        group_a, group_b = form.comparison or (None, None)
        log_export(
            table, export_format, user=request.user, grain=form.grouping, group_a=group_a, group_b=group_b
        )
        return self.as_spreadsheet(table.rows(), export_format)

    def get_filename(self) -> str:
        date_range = self.table.date_range
        return f"participation-dashboard-{date_range.start}-{date_range.end}"

    def get_json_metadata(self) -> dict:
        group_a, group_b = self.form.comparison or (None, None)
        previous = self.table.date_range.previous()
        return {
            **super().get_json_metadata(),
            "previous_start": previous.start,
            "previous_end": previous.end,
            "grain": self.form.grouping,
            "group_a": group_a,
            "group_b": group_b,
        }

    def export_links(self, form: DashboardForm) -> list[dict]:
        """The "Download" links of the range, grouping and comparison shown (a valid form)."""
        query = QueryDict(mutable=True)
        for name in ("start", "end", "grain", "group_a", "group_b"):
            if form.data.get(name):
                query[name] = form.data[name]
        links = []
        for export_format in FORMATS:
            query["export"] = export_format
            links.append({"label": EXPORT_LABELS[export_format], "url": f"?{query.urlencode()}"})
        return links

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
            if may_export(self.request.user):
                context["exports"] = self.export_links(form)
        context["year_on_year_url"] = reverse("wagtail_social_kpi_reports:year_on_year")
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
        gathered = dashboard_figures(form.date_range, form.grouping, form.comparison)
        date_range, grain, headline = gathered.date_range, gathered.grain, gathered.headline
        figures = {
            "date_range": presentation.date_range_text(date_range),
            "previous_range": presentation.date_range_text(date_range.previous()),
            "grain": grain,
            "population": presentation.people(headline.population.count),
            "headline": presentation.headline_rows(headline),
            "pyramid": presentation.pyramid_rows(headline),
            "pyramid_chart": presentation.pyramid_chart("kpi-pyramid-chart", headline),
            "heavy_threshold": headline.heavy_threshold,
            "periods": presentation.period_rows(gathered.periods, grain),
            "trend_chart": presentation.trend_chart("kpi-trend-chart", gathered.periods, grain),
            "figure_headings": presentation.figure_headings(),
        }
        if gathered.departments is not None:
            figures["departments"] = presentation.department_rows(gathered.departments)
            figures["department_chart"] = presentation.department_chart(
                "kpi-department-chart", gathered.departments
            )
        if gathered.comparison is not None:
            figures["comparison"] = self.comparison(gathered.comparison)
        figures["contributors"] = self.contributors(date_range)
        figures["shares"] = [
            {
                "key": share.key,
                "label": share.label,
                "description": share.description,
                "count": presentation.people(share.count),
                "share": presentation.percent(share.share),
            }
            for share in share_figures()
        ]
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

    def comparison(self, compared: ComparedGroups) -> dict:
        names = {"group_a": compared.group_a, "group_b": compared.group_b or _("everyone else")}
        if compared.refused:
            return {**names, "refused": compared.refused}
        return {**names, "rows": presentation.comparison_rows(compared.a, compared.b)}
