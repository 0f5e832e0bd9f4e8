"""The moderators' review screen of a reported contribution in the Wagtail admin: the
contribution on its page, its reports with their reasons (open and decided), its removal, and the
decisions (keep, remove with a reason, restore) through ``reporting``. The community queue's rows
of reported contributions link here (``report_queue``). A contribution the moderator does not
moderate, or whose page they may not see, is not found."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from wagtail_social import moderation, queue
from wagtail_social.forms import RemovalForm
from wagtail_social.sql import MAX_ID

from . import reporting

NAMESPACE = "wagtail_social_contribution_moderation"


class ContributionReportReviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_social_contributions/admin/report_review.html"
    header_icon = "warning"
    page_title = gettext_lazy("Review reported contribution")

    def dispatch(self, request, pk):
        if not moderation.is_moderator(request.user):
            raise PermissionDenied
        moderated = reporting.moderated_contributions(request.user)
        self.contribution = (
            reporting.with_open_report_count(moderated.select_related("page", "author", "removed_by"))
            .filter(pk=pk)
            .first()
            if pk <= MAX_ID
            else None
        )
        if self.contribution is None:
            raise Http404
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("wagtail_social_admin:queue"), "label": _("Moderation queue")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("removal_form", RemovalForm())
        contribution = self.contribution
        return super().get_context_data(
            contribution=contribution,
            page=contribution.page,
            reports=contribution.reports.select_related("user").order_by("decided_at", "-reported_at"),
            allowed=reporting.allowed_actions(contribution),
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action")
        refused = reporting.refusal(self.contribution, action)
        if refused is not None:
            messages.error(request, refused)
            return redirect(request.path)
        if action == "approve":
            reporting.approve(request, self.contribution)
            messages.success(request, _("Contribution kept; its reports are closed."))
        elif action == "remove":
            form = RemovalForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(removal_form=form), status=400)
            reporting.remove(request, self.contribution, form.cleaned_data["reason"])
            messages.success(request, _("Contribution removed; readers see your reason in its place."))
        else:
            reporting.restore(request, self.contribution)
            messages.success(request, _("Contribution restored."))
        queue.forget_menu_count(request.user)
        return redirect(reverse("wagtail_social_admin:queue"))


urlpatterns = [path("<int:pk>/", ContributionReportReviewView.as_view(), name="review")]
