"""Admin reports: Wagtail ``ReportView``s, so filters and CSV/XLSX export come from Wagtail.

Editors see the pages they may edit and may see (``access``: a private community's figures and
comments are for its members), nothing else. Answers are reported without names: the comments
say what readers think, not who thinks it. Exports neutralise formulas (``spreadsheets``)."""

from __future__ import annotations

import django_filters
from django.db.models import ExpressionWrapper, F, IntegerField, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from .. import access
from ..helpful import with_helpfulness
from ..models import HelpfulVote
from ..spreadsheets import SafeSpreadsheetExportMixin

EDITOR_PERMISSIONS = ["add", "change", "publish"]


def editable_pages(user):
    """Pages ``user`` may edit and may see: a non-member's edit permission over a private
    community's subtree does not open its participation to them."""
    visible = access.admin_visible_pages(user).values("pk")
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change").filter(pk__in=visible)


class EditorReportMenuItem(MenuItem):
    """A Reports menu entry shown to those who may edit pages (the reports' own permission)."""

    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, EDITOR_PERMISSIONS)


def helpfulness_menu_item() -> MenuItem:
    return EditorReportMenuItem(
        _("Page helpfulness"), reverse("wagtail_social_admin:helpfulness"), icon_name="help", order=900
    )


class EditorReportView(SafeSpreadsheetExportMixin, ReportView):
    """A report for people who may edit pages; each lists only the pages they may edit and see."""

    header_icon = "help"
    permission_policy = PagePermissionPolicy()
    any_permission_required = EDITOR_PERMISSIONS


class HelpfulnessReportView(EditorReportView):
    page_title = _("Page helpfulness")
    index_url_name = "wagtail_social_admin:helpfulness"
    index_results_url_name = "wagtail_social_admin:helpfulness_results"
    list_export = ["title", "helpful_yes", "helpful_no", "helpful_percent", "helpful_comments"]
    export_headings = {
        "title": _("Page"),
        "helpful_yes": _("Yes"),
        "helpful_no": _("No"),
        "helpful_percent": _("Helpful (%)"),
        "helpful_comments": _("Comments"),
    }

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Page"),
                get_url=lambda page: reverse("wagtail_social_admin:helpful_comments") + f"?page={page.pk}",
            ),
            Column("helpful_yes", label=_("Yes")),
            Column("helpful_no", label=_("No")),
            Column("helpful_percent", label=_("Helpful (%)")),
            Column("helpful_comments", label=_("Comments")),
        ]

    def get_queryset(self):
        pages = with_helpfulness(editable_pages(self.request.user))
        return pages.annotate(
            # Whole percent, rounded down, the same in SQLite and PostgreSQL (integer division).
            helpful_percent=ExpressionWrapper(
                F("helpful_yes") * 100 / (F("helpful_yes") + F("helpful_no")), output_field=IntegerField()
            )
        ).order_by("helpful_percent", "title")


class HelpfulCommentsFilterSet(WagtailFilterSet):
    page = django_filters.NumberFilter(field_name="page_id", label=_("Page id"))
    helpful = django_filters.BooleanFilter(label=_("Helpful"))

    class Meta:
        model = HelpfulVote
        fields = ["page", "helpful"]


class HelpfulCommentsReportView(EditorReportView):
    page_title = _("Helpfulness comments")
    index_url_name = "wagtail_social_admin:helpful_comments"
    index_results_url_name = "wagtail_social_admin:helpful_comments_results"
    filterset_class = HelpfulCommentsFilterSet
    list_export = ["page.title", "answer", "comment", "updated_at"]
    export_headings = {
        "page.title": _("Page"),
        "answer": _("Answer"),
        "comment": _("Comment"),
        "updated_at": _("Date"),
    }

    @property
    def columns(self):
        return [
            Column("page", label=_("Page")),
            Column("answer", label=_("Answer")),
            Column("comment", label=_("Comment")),
            DateColumn("updated_at", label=_("Date")),
        ]

    def get_queryset(self):
        visible = editable_pages(self.request.user).values("pk")
        return (
            HelpfulVote.objects.filter(~Q(comment=""), page__in=visible)
            .select_related("page")
            .order_by("-updated_at")
        )
