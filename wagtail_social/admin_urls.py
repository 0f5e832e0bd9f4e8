from django.urls import path

from .views.policy import PolicyEditView

app_name = "wagtail_social_admin"

urlpatterns = [
    path("pages/<int:page_id>/participation/", PolicyEditView.as_view(), name="policy"),
]
