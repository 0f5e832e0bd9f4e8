"""The usage charter in the Wagtail admin: its versions listed, each readable, and "New
version" prefilled with the current text. There is no edit nor delete: a published version is
what people accepted, so changing the charter publishes the next version (``charter``), which
asks everyone again and is written to the audit log."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .. import charter
from ..models import CharterVersion


class CharterPermissionPolicy(ModelPermissionPolicy):
    """Versions are added and read; nobody, not even a superuser, changes or deletes one."""

    def user_has_permission(self, user, action):
        return action not in ("change", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class NewVersionView(generic.CreateView):
    """Publishes the next version, starting from the current text."""

    def get_initial(self):
        latest = charter.latest()
        return {"text": latest.text} if latest else {}

    def save_instance(self):
        return charter.publish_version(self.form.cleaned_data["text"], user=self.request.user)

    def get_success_buttons(self):
        return []


class AcceptanceCountColumn(Column):
    def get_value(self, instance):
        return instance.acceptances.count()


class CharterViewSet(ModelViewSet):
    model = CharterVersion
    form_fields = ["text"]
    icon = "doc-full"
    menu_label = gettext_lazy("Usage charter")
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = NewVersionView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["number", "published_at", "text"]
    list_display = [
        Column("number", label=gettext_lazy("Version")),
        DateColumn("published_at", label=gettext_lazy("Published")),
        AcceptanceCountColumn("acceptances", label=gettext_lazy("Acceptances")),
    ]
    list_per_page = 30

    def register_reference_index(self):
        pass  # versions are not content other objects reference

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name in ("index", "index_results", "add", "inspect", "history", "history_results")
        ]


def register_charter_permission_policy() -> None:
    register_permission_policy(CharterVersion, CharterPermissionPolicy(CharterVersion), exact_class=True)


charter_viewset = CharterViewSet("wagtail_social_charter_admin", url_prefix="social/charter")
