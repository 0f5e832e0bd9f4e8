"""The overdue listing: open questions past their answer target, the longest overdue first, for
the people who manage contributions (a Wagtail ``ReportView``: its CSV/XLSX export comes from
Wagtail, made safe by ``SafeSpreadsheetExportMixin``).

What "overdue" means is ``answer_targets.overdue``; this screen only lists it, limited to the
pages the person may see in the admin (``access.admin_visible_pages``: a private community's
questions are for its members), with how late each question is, in working days.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy

from wagtail_social import access
from wagtail_social.spreadsheets import SafeSpreadsheetExportMixin

from .answer_targets import overdue
from .managers import PERMISSION
from .models import Contribution
from .working_days import Calendar, working_days_between


class OverdueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def overdue_menu_item() -> MenuItem:
    return OverdueMenuItem(
        _("Overdue questions"),
        reverse("wagtail_social_contributions_reports:overdue"),
        icon_name="time",
        order=910,
    )


class OverdueQuestionsView(SafeSpreadsheetExportMixin, ReportView):
    page_title = _("Overdue questions")
    header_icon = "time"
    index_url_name = "wagtail_social_contributions_reports:overdue"
    index_results_url_name = "wagtail_social_contributions_reports:overdue_results"
    permission_policy = ModelPermissionPolicy(Contribution)
    permission_required = "manage"  # the policy adds the model: manage_contribution
    export_filename = "overdue-questions"
    list_export = ["title", "page.title", "created_at", "answer_due_at", "days_late"]
    export_headings = {
        "title": _("Question"),
        "page.title": _("Page"),
        "created_at": _("Asked"),
        "answer_due_at": _("Due"),
        "days_late": _("Working days late"),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.now = timezone.now()
        self.calendar = Calendar()

    def days_late(self, question: Contribution) -> float:
        return round(working_days_between(question.answer_due_at, self.now, self.calendar), 1)

    @property
    def columns(self):
        return [
            TitleColumn("title", label=_("Question"), get_url=lambda question: question.get_absolute_url()),
            Column("page", label=_("Page")),
            DateColumn("created_at", label=_("Asked")),
            DateColumn("answer_due_at", label=_("Due")),
            Column(
                "days_late",
                label=_("Working days late"),
                accessor=lambda question: number_format(self.days_late(question), 1),
            ),
        ]

    def get_queryset(self):
        visible = access.admin_visible_pages(self.request.user).values("pk")
        return overdue(Contribution.objects.filter(page__in=visible), self.now).select_related("page")

    def to_row_dict(self, item):
        return {
            field: self.days_late(item) if field == "days_late" else multigetattr(item, field)
            for field in self.list_export
        }
