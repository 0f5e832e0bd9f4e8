"""A poll's results in the admin, their export, and the export of who voted what.

Figures come from :func:`wagtail_social_polls.results.results_for`, the same ones pages show;
spreadsheets come from the core's ``SafeSpreadsheetExportMixin`` over Wagtail's
(``?export=csv`` or ``xlsx``; choices and names that look like formulas are neutralised).
Who may see results is the poll snippet's permission policy (change or view), for the polls
``placements.polls_visible_to`` shows the user (404 otherwise, as for a missing id); who may export
who voted what is the named permission ``wagtail_social_polls.export_poll_voters``, on named
polls only, and each such export is written to Wagtail's audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.log_actions import log

from wagtail_social.spreadsheets import SafeSpreadsheetExportMixin

from ..conf import settings
from ..models import NamedVote, Poll, Voter
from ..placements import polls_visible_to
from ..results import results_for

EXPORT_VOTERS_PERMISSION = "wagtail_social_polls.export_poll_voters"
EXPORT_VOTERS_LOG_ACTION = "wagtail_social_polls.export_voters"
RESULTS_PERMISSIONS = ["change", "view"]


def may_export_voters(user, poll: Poll) -> bool:
    return not poll.secret and user.has_perm(EXPORT_VOTERS_PERMISSION)


@dataclass(frozen=True)
class ResultRow:
    """One line of the results spreadsheet: a choice, or the total of voters at the end."""

    choice: str
    votes: int
    percent: float | None


@dataclass(frozen=True)
class VoterRow:
    name: str
    username: str
    choices: str


class PollViewMixin(PermissionCheckedMixin):
    """A view of one poll, for people who may change or view polls."""

    model = Poll
    any_permission_required = RESULTS_PERMISSIONS
    # Set by the viewset.
    index_url_name = None
    edit_url_name = None
    results_url_name = None
    voters_url_name = None

    @cached_property
    def poll(self) -> Poll:
        # Looked up once the permission check has passed: no hint of which polls exist before.
        # A poll the user may not see is not found, like a missing one.
        return get_object_or_404(polls_visible_to(self.request.user), pk=self.kwargs["pk"])

    def url_for(self, name: str) -> str:
        return reverse(name, args=[self.poll.pk])


class PollResultsView(PollViewMixin, SafeSpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """Counts, percentages, turnout and a bar chart; ``?export=csv|xlsx`` for the spreadsheet."""

    template_name = "wagtail_social_polls/admin/results.html"
    header_icon = "list-ul"
    page_title = gettext_lazy("Results")
    list_export = ["choice", "votes", "percent"]
    export_headings = {
        "choice": gettext_lazy("Choice"),
        "votes": gettext_lazy("Votes"),
        "percent": gettext_lazy("Percent of voters"),
    }

    @cached_property
    def results(self):
        return results_for(self.poll)

    def get_page_subtitle(self):
        return self.poll.question

    def get_filename(self):
        return f"poll-{self.poll.pk}-results"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Polls")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    @property
    def show_export_buttons(self):
        return not self.results.below_secret_threshold

    @property
    def header_more_buttons(self):
        buttons = [*super().header_more_buttons]
        if self.user_has_permission("change"):
            buttons.append(
                Button(_("Edit"), url=self.url_for(self.edit_url_name), icon_name="edit", priority=5)
            )
        if may_export_voters(self.request.user, self.poll):
            voters_url = self.url_for(self.voters_url_name)
            buttons += [
                Button(
                    _("Who voted what (XLSX)"),
                    url=f"{voters_url}?export=xlsx",
                    icon_name="download",
                    priority=110,
                ),
                Button(
                    _("Who voted what (CSV)"),
                    url=f"{voters_url}?export=csv",
                    icon_name="download",
                    priority=120,
                ),
            ]
        return buttons

    def get(self, request, *args, **kwargs):
        if self.is_export:
            if self.results.below_secret_threshold:
                # The same k rule as on screen: no figure leaves. A plain 403 rather than the
                # admin's redirect, since this URL is a download, not a page.
                return HttpResponseForbidden(_("Results appear once enough people have voted."))
            rows = [ResultRow(choice.text, choice.votes, choice.percent) for choice in self.results.choices]
            rows.append(ResultRow(_("Voters (total)"), self.results.voters, None))
            return self.as_spreadsheet(rows, request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            poll=self.poll,
            results=self.results,
            secret_min_voters=settings.SECRET_MIN_VOTERS,
            **kwargs,
        )


class PollVotersExportView(PollViewMixin, SafeSpreadsheetExportMixin, View):
    """Who voted what in a named poll, as a spreadsheet; every export is audit-logged."""

    list_export = ["name", "username", "choices"]
    export_headings = {
        "name": gettext_lazy("Name"),
        "username": gettext_lazy("Username"),
        "choices": gettext_lazy("Choices"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(EXPORT_VOTERS_PERMISSION):
            return HttpResponseForbidden(_("You may not export who voted what."))
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"poll-{self.poll.pk}-voters"

    def get(self, request, *args, **kwargs):
        if self.poll.secret or not self.is_export:
            raise Http404  # a secret ballot holds no link between a person and a choice
        rows = list(self.voter_rows())
        log(
            instance=self.poll,
            action=EXPORT_VOTERS_LOG_ACTION,
            user=request.user,
            data={"format": request.GET["export"], "voters": len(rows)},
        )
        return self.as_spreadsheet(rows, request.GET["export"])

    def voter_rows(self):
        ballots = NamedVote.objects.select_related("choice").order_by("choice__sort_order", "choice_id")
        voters = (
            Voter.objects.filter(poll=self.poll)
            .select_related("user")
            .prefetch_related(Prefetch("choices", queryset=ballots))
            .order_by("user__last_name", "user__first_name", "user_id")
        )
        for voter in voters:
            yield VoterRow(
                name=voter.user.get_full_name(),
                username=voter.user.get_username(),
                choices="; ".join(vote.choice.text for vote in voter.choices.all()),
            )
