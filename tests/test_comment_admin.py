"""Django's admin for comments cannot delete, remove or approve comments (no reason, no audit
log there): ``wagtail_social/comment_admin.py``."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django_comments_xtd.models import XtdComment

from tests.utils import make_user

pytestmark = pytest.mark.django_db


def test_django_admin_offers_no_action_and_no_deletion_even_to_a_superuser():
    request = RequestFactory().get("/django-admin/")
    request.user = make_user("root", is_superuser=True, is_staff=True)
    model_admin = admin.site._registry[XtdComment]
    assert model_admin.get_actions(request) == {}
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_add_permission(request)
    assert model_admin.has_view_permission(request)
