from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from wagtail_social.sitemaps import SocialSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("social/", include("wagtail_social.urls")),
    path("charter/", include("wagtail_social.charter_urls")),
    path("polls/", include("wagtail_social_polls.urls")),
    path("contributions/", include("wagtail_social.contributions.urls")),
    path("participation/", include("wagtail_social_kpi.urls")),
    path("search/", include("wagtail_social.search.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": SocialSitemap}}),
    path("", include(wagtail_urls)),
]
