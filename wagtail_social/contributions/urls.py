"""Public endpoints; include under any prefix:
``path("contributions/", include("wagtail_social.contributions.urls"))``."""

from django.urls import path

from . import answer_views, report_views, similar_views, views

app_name = "wagtail_social_contributions"

urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/document/", views.document, name="document"),
    path("similar/", similar_views.similar, name="similar"),
    path("<int:pk>/accept/", answer_views.accept, name="accept"),
    path("<int:pk>/report/", report_views.report, name="report"),
    path("<int:pk>/withdraw-report/", report_views.withdraw_report, name="withdraw_report"),
]
