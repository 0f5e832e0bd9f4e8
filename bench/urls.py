from django.urls import include, path

from bench.benchapp.views import insert
from tests.urls import urlpatterns as test_urlpatterns

urlpatterns = [
    path("bench/insert/", insert, name="bench_insert"),  # the baseline of bench/reactions.py
    path("comments/", include("django_comments_xtd.urls")),
    *test_urlpatterns,  # ends with Wagtail's catch-all
]
