"""The search page; include at the site's root under a stable prefix:
``path("search/", include("wagtail_social.search.urls"))``."""

from django.urls import path

from . import views

app_name = "wagtail_social_search"

urlpatterns = [
    path("", views.search, name="search"),
]
