"""Public endpoints; include under any prefix: ``path("polls/", include("wagtail_social_polls.urls"))``."""

from django.urls import path

from . import views

app_name = "wagtail_social_polls"

urlpatterns = [
    path("vote/", views.vote, name="vote"),
]
