"""The moderators' queue in the Wagtail admin: held and reported comments of every discussion
target, approve, remove with a reason, restore. The rules (what an open report is, which state a
comment is in, which decision is allowed from which state) live in ``wagtail_social.moderation``,
the decisions themselves in ``discussion``: this module only lists and dispatches."""

from __future__ import annotations

import django_filters
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .. import access, discussion, moderation, sections, targets
from ..conf import settings
from ..forms import RemovalForm
from ..sql import MAX_ID

STATUS_CHOICES = [
    ("attention", gettext_lazy("Needs attention (held or reported)")),
    ("held", gettext_lazy("Held for approval")),
    ("flagged", gettext_lazy("Reported")),
    ("removed", gettext_lazy("Removed")),
    ("published", gettext_lazy("Published")),
]
STATUS_CONDITIONS = {
    "attention": moderation.NEEDS_ATTENTION,
    "held": moderation.HELD,
    "flagged": moderation.REPORTED,
    "removed": moderation.REMOVED,
    "published": moderation.PUBLISHED,
}


class ModerationPermissionPolicy(ModelPermissionPolicy):
    """Moderators may view and change (moderate) comments; nobody adds or deletes them here."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and moderation.is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label=gettext_lazy("All"),
    )

    def filter_status(self, queryset, name, value):
        condition = STATUS_CONDITIONS.get(value)
        return queryset if condition is None else queryset.filter(condition)

    class Meta:
        model = XtdComment
        fields = []


def moderation_queryset(user):
    """Comments on every discussion target (pages, and objects registered as targets) whose
    page this moderator may see (the access module decides) and moderates (a section manager
    only their sections: ``wagtail_social.sections``), with the page's id and title.
    Decided in SQL, by the targets' lookup paths to their pages: no target is loaded."""
    visible = access.visible_pages(user)
    in_sections = sections.pages_q(user, settings.MODERATE_PERMISSION)
    visible_ids = (visible if in_sections is None else visible.filter(in_sections)).values("pk")
    page_title = Page.objects.filter(pk=OuterRef("target_page_id")).values("title")[:1]
    comments = (
        XtdComment.norel_objects.filter(content_type_id__in=targets.content_type_ids())
        .annotate(target_page_id=targets.page_id_of_comment())
        .filter(target_page_id__in=visible_ids)
        .annotate(page_title=Subquery(page_title))
        .select_related("user")
    )
    return moderation.with_open_reports(comments)


class StatusColumn(Column):
    def get_value(self, instance):
        state = moderation.state_of(instance)
        if state == "reported":
            return _("Reported (%(count)d)") % {"count": instance.open_report_count}
        return {"removed": _("Removed"), "held": _("Held"), "published": _("Published")}[state]


class ModerationIndexView(IndexView):
    default_ordering = "-submit_date"
    page_title = gettext_lazy("Comments")

    def get_base_queryset(self):
        return moderation_queryset(self.request.user)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        if "status" not in self.request.GET:
            kwargs["data"] = {**(kwargs.get("data") or {}), "status": "attention"}
        return kwargs


class CommentReviewView(WagtailAdminTemplateMixin, TemplateView):
    """One comment with its context, history and reports, and the moderator's actions."""

    template_name = "wagtail_social/admin/comment_review.html"
    header_icon = "comment"
    page_title = gettext_lazy("Review comment")
    index_url_name = None

    def dispatch(self, request, pk):
        if not moderation.is_moderator(request.user):
            raise PermissionDenied
        self.comment = moderation_queryset(request.user).filter(pk=pk).first() if pk <= MAX_ID else None
        if self.comment is None:
            raise Http404
        self.page = Page.objects.get(pk=self.comment.target_page_id)
        target_type = targets.type_for_content_type_id(self.comment.content_type_id)
        self.target = (
            None
            if target_type.page_path is None
            else target_type.model._default_manager.filter(pk=self.comment.object_pk).first()
        )
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(self.index_url_name), "label": _("Comments")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("removal_form", RemovalForm())
        return super().get_context_data(
            comment=self.comment,
            page=self.page,
            target=self.target,
            revisions=self.comment.social_revisions.all(),
            reports=self.comment.flags.filter(flag=CommentFlag.SUGGEST_REMOVAL).select_related(
                "user", "social_report"
            ),
            # The thread around it: what it answers, and its replies (every state, for moderators).
            parent=(
                XtdComment.norel_objects.filter(pk=self.comment.parent_id).first()
                if self.comment.parent_id != self.comment.pk
                else None
            ),
            replies=XtdComment.norel_objects.filter(parent_id=self.comment.pk)
            .exclude(pk=self.comment.pk)
            .order_by("submit_date")[:20],
            removal=getattr(self.comment, "social_removal", None),
            state=moderation.state_of(self.comment),
            allowed=moderation.allowed_actions(self.comment),
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action")
        refused = moderation.refusal(self.comment, action)
        if refused is not None:
            messages.error(request, refused)
            return redirect(request.path)
        if action == "approve":
            discussion.approve_comment(request, self.comment)
            messages.success(request, _("Comment approved and published."))
        elif action == "remove":
            form = RemovalForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(removal_form=form), status=400)
            discussion.remove_comment(request, self.comment, form.cleaned_data["reason"])
            messages.success(request, _("Comment removed; readers see your reason in its place."))
        elif action == "restore":
            discussion.restore_comment(request, self.comment)
            messages.success(request, _("Comment restored."))
        return redirect(reverse(self.index_url_name))


class CommentModerationViewSet(ModelViewSet):
    model = XtdComment
    icon = "comment"
    menu_label = gettext_lazy("Comments")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = ModerationIndexView
    filterset_class = CommentFilterSet
    list_display = [
        "comment",
        Column("user_name", label=gettext_lazy("Author")),
        Column("page_title", label=gettext_lazy("Page")),
        StatusColumn("status", label=gettext_lazy("Status")),
        DateColumn("submit_date", label=gettext_lazy("Posted")),
    ]
    list_per_page = 30

    def get_permissions_to_register(self):
        app_label, codename = settings.MODERATE_PERMISSION.split(".")
        return Permission.objects.filter(content_type__app_label=app_label, codename=codename)

    def register_reference_index(self):
        pass  # comments are not content other objects reference

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(
                "review/<int:pk>/",
                CommentReviewView.as_view(index_url_name=self.get_url_name("index")),
                name="edit",
            ),
        ]


def register_moderation_permission_policy() -> None:
    register_permission_policy(XtdComment, ModerationPermissionPolicy(XtdComment), exact_class=True)


comment_moderation_viewset = CommentModerationViewSet(
    "wagtail_social_moderation", url_prefix="social/comments"
)
