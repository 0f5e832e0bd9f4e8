from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("social/", include("wagtail_social.urls")),
    path("charter/", include("wagtail_social.charter_urls")),
    path("polls/", include("wagtail_social_polls.urls")),
    path("contributions/", include("wagtail_social.contributions.urls")),
    path("participation/", include("wagtail_social_kpi.urls")),
    path("", include(wagtail_urls)),
]
