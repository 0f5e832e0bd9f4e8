"""The charter's public pages; include at the site's root under a stable prefix:
``path("charter/", include("wagtail_social.charter_urls"))`` (``/charter/`` is the latest
version, ``/charter/<n>/`` an earlier one, ``/charter/accept/`` where people accept it)."""

from django.urls import path

from .views import charter

app_name = "wagtail_social_charter"

urlpatterns = [
    path("", charter.current, name="current"),
    path("<int:number>/", charter.version, name="version"),
    path("accept/", charter.accept, name="accept"),
]
