from django.urls import include, path

from tests.urls import urlpatterns as test_urlpatterns

urlpatterns = [
    path("comments/", include("django_comments_xtd.urls")),
    *test_urlpatterns,  # ends with Wagtail's catch-all
]
