"""The URLs of the contributions' admin screens, mounted under ``social/reports/contributions/`` by
``wagtail_hooks.py``."""

from django.urls import path

from .answer_times_report import AnswerTimesView
from .overdue_report import OverdueQuestionsView

app_name = "wagtail_social_contributions_reports"

urlpatterns = [
    path("overdue/", OverdueQuestionsView.as_view(), name="overdue"),
    path("overdue/results/", OverdueQuestionsView.as_view(results_only=True), name="overdue_results"),
    path("answer-times/", AnswerTimesView.as_view(), name="answer_times"),
    path("answer-times/results/", AnswerTimesView.as_view(results_only=True), name="answer_times_results"),
]
