"""URLs of the demo intranet."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from wagtail_social.sitemaps import SocialSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("social/", include("wagtail_social.urls")),
    path("charter/", include("wagtail_social.charter_urls")),
    path("polls/", include("wagtail_social_polls.urls")),
    path("contributions/", include("wagtail_social.contributions.urls")),
    path("participation/", include("wagtail_social_kpi.urls")),
    path("search/", include("wagtail_social.search.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Lists only the pages the visitor may open (a private community to its members only).
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": SocialSitemap}}),
    path("", include(wagtail_urls)),
]
