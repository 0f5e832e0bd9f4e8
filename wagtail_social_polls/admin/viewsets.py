"""Polls as a Wagtail snippet: listing with status and turnout, the protected edit form, and the
results and export views mounted on the same viewset.

Every screen, the chooser included, shows a user only the polls ``placements.polls_visible_to``
gives them: a poll placed only in a private community is not found by its non-members."""

from __future__ import annotations

import django_filters
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.deletion import ProtectedError
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import Button
from wagtail.admin.widgets.button import MenuItem
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Poll
from ..models.polls import STATUS_CLOSED, STATUS_LABELS, STATUS_OPEN, STATUS_SCHEDULED
from ..placements import poll_visible_to, polls_visible_to
from .forms import CHOICES_HELP, PollAdminForm
from .views import PollResultsView, PollVotersExportView


def status_condition(status: str, now) -> Q:
    """The SQL twin of ``Poll.status()``: scheduled wins over closed, open is neither."""
    scheduled = Q(opens_at__gt=now)
    closed = Q(closes_at__lte=now) & ~scheduled
    return {STATUS_SCHEDULED: scheduled, STATUS_CLOSED: closed, STATUS_OPEN: ~scheduled & ~closed}[status]


class PollFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=list(STATUS_LABELS.items()),
        method="filter_status",
        empty_label=gettext_lazy("All"),
    )

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_condition(value, timezone.now())) if value else queryset

    class Meta:
        model = Poll
        fields = []


class StatusColumn(Column):
    """Scheduled, open or closed, with the date that matters next to it."""

    cell_template_name = "wagtail_social_polls/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["status"] = instance.status()
        return context

    def get_value(self, instance):
        return instance.status_label()


class TurnoutColumn(Column):
    """Number of voters (annotated on the listing's queryset), linking to the results."""

    cell_template_name = "wagtail_social_polls/admin/turnout_cell.html"

    def __init__(self, *args, results_url_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.results_url_name = results_url_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["results_url"] = reverse(self.results_url_name, args=[instance.pk])
        return context


class PollIndexView(snippet_views.IndexView):
    results_url_name = None

    def get_list_more_buttons(self, instance):
        return [
            MenuItem(
                _("Results"),
                url=reverse(self.results_url_name, args=[instance.pk]),
                icon_name="list-ul",
                priority=15,
            ),
            *super().get_list_more_buttons(instance),
        ]


class PollEditView(snippet_views.EditView):
    results_url_name = None

    @cached_property
    def header_more_buttons(self):
        return [
            Button(
                _("Results"),
                url=reverse(self.results_url_name, args=[self.object.pk]),
                icon_name="list-ul",
                priority=5,
            ),
            *super().header_more_buttons,
        ]

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            # Someone voted for a choice between validation and saving: the save was rolled back.
            form.add_error(None, _("A choice you deleted has just received votes; it was kept."))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class HiddenPollIsMissing:
    """For a view of one poll: a poll hidden from the user is not found, raised where the view
    looks the poll up, so that it answers exactly as for a missing id (permission checks that
    come before the lookup still come first)."""

    def get_object(self, *args, **kwargs):
        poll = super().get_object(*args, **kwargs)
        if poll is not None and not poll_visible_to(self.request.user, poll):  # None: a new poll
            raise Http404
        return poll


class VisiblePollsChooseView(chooser_views.ChooseView):
    def get_object_list(self):
        return polls_visible_to(self.request.user, super().get_object_list())


class VisiblePollsChooseResultsView(chooser_views.ChooseResultsView):
    def get_object_list(self):
        return polls_visible_to(self.request.user, super().get_object_list())


class VisiblePollChosenView(HiddenPollIsMissing, chooser_views.SnippetChosenView):
    pass


class VisiblePollsChosenMultipleView(chooser_views.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return polls_visible_to(self.request.user, super().get_objects(pks))


class PollChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = VisiblePollsChooseView
    choose_results_view_class = VisiblePollsChooseResultsView
    chosen_view_class = VisiblePollChosenView
    chosen_multiple_view_class = VisiblePollsChosenMultipleView


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "clipboard-list"
    menu_label = gettext_lazy("Polls")
    menu_name = "polls"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = PollIndexView
    edit_view_class = PollEditView
    filterset_class = PollFilterSet
    search_fields = ["question"]
    # The database's own search: the admin lists every poll, placed or not (the search index
    # holds only the polls placed on a live page).
    search_backend_name = None
    delete_template_name = "wagtail_social_polls/admin/confirm_delete.html"
    results_view_class = PollResultsView
    voters_view_class = PollVotersExportView
    chooser_viewset_class = PollChooserViewSet

    edit_handler = ObjectList(
        [
            FieldPanel("question"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("multiple"),
                    FieldRowPanel([FieldPanel("min_choices"), FieldPanel("max_choices")]),
                ],
                heading=gettext_lazy("Answers"),
            ),
            InlinePanel(
                "choices",
                panels=[FieldPanel("text")],
                min_num=2,
                heading=gettext_lazy("Choices"),
                label=gettext_lazy("Choice"),
                help_text=CHOICES_HELP,
            ),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=gettext_lazy("Dates")),
            MultiFieldPanel(
                [FieldPanel("secret"), FieldPanel("changeable"), FieldPanel("results_visibility")],
                heading=gettext_lazy("Ballot and results"),
            ),
        ],
        base_form_class=PollAdminForm,
    )

    @property
    def list_display(self):
        return [
            "question",
            StatusColumn("status", label=gettext_lazy("Status")),
            TurnoutColumn(
                "turnout",
                label=gettext_lazy("Turnout"),
                sort_key="turnout",
                results_url_name=self.get_url_name("results"),
            ),
            DateColumn("created_at", label=gettext_lazy("Created"), sort_key="created_at"),
        ]

    def get_queryset(self, request):
        return polls_visible_to(request.user, Poll.objects.annotate(turnout=Count("voters")))

    def construct_view(self, view_class, **kwargs):
        # Every view of one poll that Wagtail mounts (edit, delete, copy, usage, history, and any
        # a later Wagtail adds) looks it up through ``get_object``: hidden polls are missing there.
        if hasattr(view_class, "get_object") and not issubclass(view_class, HiddenPollIsMissing):
            view_class = type(view_class.__name__, (HiddenPollIsMissing, view_class), {})
        return super().construct_view(view_class, **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(results_url_name=self.get_url_name("results"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(results_url_name=self.get_url_name("results"), **kwargs)

    def poll_view(self, view_class):
        return self.construct_view(
            view_class,
            index_url_name=self.get_url_name("list"),
            edit_url_name=self.get_url_name("edit"),
            results_url_name=self.get_url_name("results"),
            voters_url_name=self.get_url_name("voters"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("results/<int:pk>/", self.poll_view(self.results_view_class), name="results"),
            path("voters/<int:pk>/", self.poll_view(self.voters_view_class), name="voters"),
        ]

    def get_permissions_to_register(self):
        # Every poll permission, so the group screen offers "view" (results only) and the
        # named "export who voted what" permission next to add / change / delete.
        return Permission.objects.filter(content_type=ContentType.objects.get_for_model(Poll))
