"""The URLs of the core's admin screens, mounted under ``social/`` by ``wagtail_hooks.py`` (the
moderators' queue is a viewset and brings its own)."""

from django.urls import path

from .policy import PolicyEditView
from .queue import QueueView
from .reports import HelpfulCommentsReportView, HelpfulnessReportView

app_name = "wagtail_social_admin"

urlpatterns = [
    path("queue/", QueueView.as_view(), name="queue"),
    path("pages/<int:page_id>/participation/", PolicyEditView.as_view(), name="policy"),
    path("reports/helpfulness/", HelpfulnessReportView.as_view(), name="helpfulness"),
    path(
        "reports/helpfulness/results/",
        HelpfulnessReportView.as_view(results_only=True),
        name="helpfulness_results",
    ),
    path("reports/helpful-comments/", HelpfulCommentsReportView.as_view(), name="helpful_comments"),
    path(
        "reports/helpful-comments/results/",
        HelpfulCommentsReportView.as_view(results_only=True),
        name="helpful_comments_results",
    ),
]
