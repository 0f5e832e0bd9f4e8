"""The community managers' screens in the Wagtail admin: a "Contributions" listing (filters by
section, kind, status, assignee and, when a module provides it, overdue; search on titles; a
bulk status change), and one contribution's review screen (status with reason, official answer,
assignment, merge). Every screen lists only contributions of pages the manager may see
(``access``), and every action asks the services, which ask ``managers.may_manage``: this module
lists and dispatches, the rules are elsewhere.

**Overdue** is not decided here: a module that knows answer targets registers a Wagtail hook
``filter_overdue_contributions``, a function ``(queryset, request) -> queryset``; the filter is
offered only when one is registered.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from wagtail_social import access, sections

from . import answers, handling, statuses
from .admin_forms import AnswerForm, AssignForm, BulkStatusForm, MergeForm, StatusForm
from .managers import PERMISSION, may_manage
from .models import KIND_CHOICES, STATE_LABELS, Contribution
from .supports import section_of

OVERDUE_HOOK = "filter_overdue_contributions"
VIEWSET_NAME = "wagtail_social_contributions_admin"


def managed_contributions(user):
    """Contributions of the pages ``user`` may see in admin listings and manages (site-wide, or
    their sections: ``wagtail_social.sections``), for a manager; none else."""
    if not sections.holds_anywhere(user, PERMISSION):
        return Contribution.objects.none()
    pages = access.visible_pages(user)
    in_sections = sections.pages_q(user, PERMISSION)
    if in_sections is not None:
        pages = pages.filter(in_sections)
    return Contribution.objects.filter(page_id__in=pages.values("pk"))


class ContributionPermissionPolicy(ModelPermissionPolicy):
    """Managers view and change (handle) contributions; nobody adds or deletes them here."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and sections.holds_anywhere(user, PERMISSION)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def _label_choices(request) -> list[tuple[str, str]]:
    labels = statuses.request_labels(request)
    return [(state, statuses.state_label(state, labels=labels)) for state in STATE_LABELS]


class ContributionFilterSet(WagtailFilterSet):
    section = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("a page and its subtree", "Section"),
        queryset=Page.objects.all(),
        widget=AdminPageChooser,
        method="filter_section",
    )
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=KIND_CHOICES)
    state = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=list(STATE_LABELS.items()))
    assignee = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Assigned to"),
        queryset=get_user_model().objects.none(),
        null_label=gettext_lazy("Nobody"),
    )

    class Meta:
        model = Contribution
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.filters["state"].extra["choices"] = _label_choices(self.request)
        self.filters["assignee"].queryset = get_user_model().objects.with_perm(PERMISSION).order_by("pk")
        if hooks.get_hooks(OVERDUE_HOOK):
            self.filters["overdue"] = django_filters.BooleanFilter(
                label=gettext_lazy("Overdue"), method="filter_overdue"
            )
            self.filters["overdue"].parent = self
            self.filters["overdue"].model = Contribution

    def filter_section(self, queryset, name, value):
        return queryset.filter(page__path__startswith=value.path) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value:
            for fn in hooks.get_hooks(OVERDUE_HOOK):
                queryset = fn(queryset, self.request)
        return queryset


class StateColumn(Column):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        labels = statuses.request_labels(parent_context["request"])
        label = statuses.state_label(instance.state, labels=labels)
        if instance.is_withdrawn:
            label = _("%(state)s (withdrawn)") % {"state": label}
        elif instance.merged_into_id:
            label = _("%(state)s (merged)") % {"state": label}
        context["value"] = label
        return context


class SelectColumn(Column):
    """A checkbox per row for the bulk status change (its form is outside the refreshed list)."""

    cell_template_name = "wagtail_social_contributions/admin/select_cell.html"


class ContributionIndexView(IndexView):
    default_ordering = "-created_at"
    page_title = gettext_lazy("Contributions")
    template_name = "wagtail_social_contributions/admin/index.html"

    def get_base_queryset(self):
        return managed_contributions(self.request.user).select_related("page", "author", "assignee")

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "request": self.request}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bulk_form"] = BulkStatusForm(labels=dict(_label_choices(self.request)))
        context["bulk_form"].fields["to_state"].choices = _label_choices(self.request)
        context["bulk_url"] = reverse(f"{VIEWSET_NAME}:bulk_status")
        return context


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


class ContributionReviewView(WagtailAdminTemplateMixin, TemplateView):
    """One contribution, its history and answer, and the manager's actions."""

    template_name = "wagtail_social_contributions/admin/review.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Handle a contribution")
    index_url_name = None

    def dispatch(self, request, pk):
        self.contribution = (
            managed_contributions(request.user)
            .select_related("page", "author", "assignee")
            .filter(pk=pk)
            .first()
        )
        if self.contribution is None:
            raise Http404
        if not may_manage(request.user, self.contribution.page):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(self.index_url_name), "label": _("Contributions")},
            {"url": "", "label": self.page_title},
        ]

    def merge_candidates(self):
        section = section_of(self.request, self.contribution.page)
        return (
            managed_contributions(self.request.user)
            .filter(
                kind=self.contribution.kind,
                page__path__startswith=section.path,
                merged_into__isnull=True,
                withdrawn_at__isnull=True,
            )
            .exclude(pk=self.contribution.pk)
            .order_by("-created_at")
        )

    def get_context_data(self, **kwargs):
        contribution = self.contribution
        labels = statuses.request_labels(self.request)
        states = statuses.allowed_states(contribution)
        answer = answers.draft_answer(contribution)
        kwargs.setdefault(
            "status_form",
            StatusForm(states=states, labels={s: statuses.state_label(s, labels=labels) for s in states}),
        )
        kwargs.setdefault("answer_form", AnswerForm(initial={"text": answer.text if answer else ""}))
        kwargs.setdefault(
            "assign_form", AssignForm(page=contribution.page, initial={"assignee": contribution.assignee})
        )
        kwargs.setdefault("merge_form", MergeForm(candidates=self.merge_candidates()))
        changes = list(contribution.status_changes.select_related("changed_by"))
        for change in changes:
            change.to_label = statuses.state_label(change.to_state, labels=labels)
            change.by_name = _person(change.changed_by)
        return super().get_context_data(
            contribution=contribution,
            page=contribution.page,
            state_label=statuses.state_label(contribution.state, labels=labels),
            changes=changes,
            answer=answer,
            can_change_status=bool(states),
            **kwargs,
        )

    def post(self, request, pk):
        contribution = self.contribution
        action = request.POST.get("action")
        try:
            if action == "status":
                states = statuses.allowed_states(contribution)
                form = StatusForm(request.POST, states=states)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(status_form=form), status=400)
                statuses.change_status(
                    contribution, form.cleaned_data["to_state"], request.user, form.cleaned_data["reason"]
                )
                messages.success(request, _("Status changed; the author and the supporters are told."))
            elif action in ("answer_draft", "answer_publish"):
                form = AnswerForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(answer_form=form), status=400)
                answer = answers.save_official_answer(
                    contribution, request.user, form.cleaned_data["text"], publish=action == "answer_publish"
                )
                messages.success(
                    request, _("Answer published.") if answer.is_published else _("Draft saved.")
                )
            elif action == "assign":
                form = AssignForm(request.POST, page=contribution.page)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(assign_form=form), status=400)
                handling.assign(contribution, form.cleaned_data["assignee"], request.user)
                messages.success(request, _("Assignment saved."))
            elif action == "merge":
                form = MergeForm(request.POST, candidates=self.merge_candidates())
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(merge_form=form), status=400)
                moved = handling.merge(request, contribution, form.cleaned_data["original"], request.user)
                messages.success(request, _("Merged; %(count)d supports moved.") % {"count": moved})
            else:
                messages.error(request, _("Unknown action."))
        except statuses.StatusRefused as refused:
            messages.error(request, refused.message)
        except (answers.AnswerRefused, handling.HandlingRefused) as refused:
            messages.error(request, refused.message)
        return redirect(request.path)


def bulk_status_view(request):
    """One status and one public reason for the selected contributions; each is changed through
    the status service (a contribution that may not take that status is counted, not changed)."""
    if not sections.holds_anywhere(request.user, PERMISSION):
        raise PermissionDenied
    if request.method != "POST":
        return redirect(reverse(f"{VIEWSET_NAME}:index"))
    queryset = managed_contributions(request.user).select_related("page")
    form = BulkStatusForm(request.POST, queryset=queryset)
    form.fields["to_state"].choices = list(STATE_LABELS.items())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse(f"{VIEWSET_NAME}:index"))
    changed = refused = 0
    for contribution in form.cleaned_data["ids"]:
        try:
            statuses.change_status(
                contribution, form.cleaned_data["to_state"], request.user, form.cleaned_data["reason"]
            )
            changed += 1
        except statuses.StatusRefused:
            refused += 1
    messages.success(
        request,
        _("%(changed)d changed, %(refused)d left as they were.") % {"changed": changed, "refused": refused},
    )
    return redirect(reverse(f"{VIEWSET_NAME}:index"))


class ContributionViewSet(ModelViewSet):
    model = Contribution
    icon = "tasks"
    menu_label = gettext_lazy("Contributions")
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ContributionIndexView
    filterset_class = ContributionFilterSet
    search_fields = ["title"]
    search_backend_name = None  # the ORM: the access filter stays in the same query
    list_per_page = 30
    list_display = [
        SelectColumn("select", label=gettext_lazy("Select")),
        TitleColumn("title", label=gettext_lazy("Title"), url_name=f"{VIEWSET_NAME}:edit"),
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        StateColumn("state", label=gettext_lazy("Status")),
        Column("page", label=gettext_lazy("Page"), accessor="page.title"),
        Column("assignee", label=gettext_lazy("Assigned to"), accessor=lambda c: _person(c.assignee)),
        Column("support_count", label=gettext_lazy("Supports")),
        DateColumn("created_at", label=gettext_lazy("Posted")),
    ]

    def get_permissions_to_register(self):
        app_label, codename = PERMISSION.split(".")
        return Permission.objects.filter(content_type__app_label=app_label, codename=codename)

    def register_reference_index(self):
        pass  # contributions are not content other objects reference

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(
                "review/<int:pk>/",
                ContributionReviewView.as_view(index_url_name=self.get_url_name("index")),
                name="edit",
            ),
            path("bulk-status/", bulk_status_view, name="bulk_status"),
        ]


def register_contribution_permission_policy() -> None:
    register_permission_policy(Contribution, ContributionPermissionPolicy(Contribution), exact_class=True)


contribution_viewset = ContributionViewSet(VIEWSET_NAME, url_prefix="social/contributions")
