"""Mounts and registers the core's admin screens (``wagtail_social/admin/``) and its page-serving
hook; the screens themselves, and their rules, live elsewhere."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin import private_pages, queue_comments
from .admin import queue as queue_admin
from .admin import urls as admin_urls
from .admin.charter import charter_viewset, register_charter_permission_policy
from .admin.moderation import comment_moderation_viewset, register_moderation_permission_policy
from .admin.policy import participation_button
from .admin.reports import helpfulness_menu_item
from .admin.section_grants import SectionGrantFormSet
from .private_pages import answer_private_pages_as_missing
from .reading import recording_page_views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("social/", include(admin_urls, namespace="wagtail_social_admin"))]


@hooks.register("register_admin_viewset")
def register_viewsets():
    register_moderation_permission_policy()
    return comment_moderation_viewset


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from participation_button(page, user, priority=62)


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield from participation_button(page, user, priority=45)


@hooks.register("register_reports_menu_item")
def register_helpfulness_report():
    return helpfulness_menu_item()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "wagtail_social.policy.edit",
        _("Change participation settings"),
        _("Participation settings changed"),
    )
    actions.register_action("wagtail_social.comment.approve", _("Approve comment"), _("Comment approved"))
    actions.register_action("wagtail_social.comment.remove", _("Remove comment"), _("Comment removed"))
    actions.register_action("wagtail_social.comment.restore", _("Restore comment"), _("Comment restored"))


# Inside Wagtail's own view-restriction check (registered with the default order 0, so it wraps
# ours): the page is recorded only when that check admitted the visitor and the page answered 200.
hooks.register("on_serve_page", recording_page_views, order=100)


@hooks.register("register_admin_viewset")
def register_charter_viewset():
    register_charter_permission_policy()
    return charter_viewset


@hooks.register("register_log_actions")
def register_charter_log_actions(actions):
    actions.register_action(
        "wagtail_social.charter.publish",
        _("Publish usage charter version"),
        _("Usage charter version published"),
    )


# Private communities nobody else knows exist (wagtail_social/private_pages.py): before Wagtail's
# own request-method check (order 0), so no answer differs from a missing page's.
hooks.register("before_serve_page", answer_private_pages_as_missing, order=-10)
hooks.register("construct_page_chooser_queryset", private_pages.narrow_chooser)
hooks.register("construct_explorer_page_queryset", private_pages.narrow_explorer)
# After Wagtail's own page bulk actions (order 0), which these replace in its registry.
for _bulk_action in private_pages.BULK_ACTIONS:
    hooks.register("register_bulk_action", _bulk_action, order=10)


# The community queue (wagtail_social/queue.py, admin/queue.py): its menu item with the count, its
# dashboard panel, and the comments' source (the contributions app registers its own).
hooks.register("register_admin_menu_item", queue_admin.queue_menu_item)
hooks.register("construct_homepage_panels", queue_admin.add_queue_panel)
queue_comments.register()


@hooks.register("register_group_permission_panel")
def section_grants_panel():
    return SectionGrantFormSet
