"""Nothing bypasses the removal's reason and the audit log: django-comments' Django admin (which
django-comments-xtd registers on Django's admin site) can delete comments, remove or approve them
in bulk and edit ``is_public``/``is_removed`` by hand, none of which records a reason or an audit
log entry. When ``django.contrib.admin`` is installed, that registration is replaced by a
read-only one: comments are moderated in the Wagtail admin's queue only."""

from __future__ import annotations

from django.apps import apps


def _read_only_admin_class(base):
    class ReadOnlyCommentsAdmin(base):
        """Lists and shows comments; every change goes through the Wagtail admin's queue."""

        actions = None

        def get_actions(self, request):
            return {}

        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False

        def has_delete_permission(self, request, obj=None):
            return False

    return ReadOnlyCommentsAdmin


def replace_comment_admin() -> None:
    """Swap django-comments-xtd's admin for the read-only one (imported here first, so Django's
    later autodiscovery finds the module already imported and registers nothing again)."""
    if not apps.is_installed("django.contrib.admin"):
        return
    from django.contrib import admin
    from django_comments_xtd import admin as xtd_admin
    from django_comments_xtd.models import XtdComment

    if admin.site.is_registered(XtdComment):
        admin.site.unregister(XtdComment)
    admin.site.register(XtdComment, _read_only_admin_class(xtd_admin.XtdCommentsAdmin))
