"""Pages for employees; include under any prefix:
``path("participation/", include("wagtail_social_kpi.urls"))``. The core's participation block
links to ``wagtail_social_kpi:measured`` when these URLs are included."""

from django.urls import path

from . import views

app_name = "wagtail_social_kpi"

urlpatterns = [
    path("measured/", views.measured, name="measured"),
    path("measured/contributor-list/", views.contributor_list, name="contributor_list"),
]
