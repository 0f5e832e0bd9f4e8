"""Contributions as participation features of the core: one switch per kind ("ideas",
"questions", "suggestions", off by default, switched per page or section through the policy),
their activity in the participation figures, and a person's data.

* ``contribution``: a contribution counts its author as an **active contributor** on its day,
  on its page, with its **state** today as the breakdown (``detail``, labelled with the states'
  default labels), so the per-page and per-section figures give contributions by status;
  erased authors no longer count.
* ``support``: supporting an idea counts as **engaged** on the day of the support, on the idea's
  page.

Both declare ``created_at`` as their timestamp: the figures select a range on it through the
indexes ``(kind, created_at)`` of contributions and ``(created_at)`` of supports.

Each kind is searchable (``Searchable``, the facet named after the kind): the contributions of
that kind that are not withdrawn, on a live page; the item belongs to its page.
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from wagtail_social import access
from wagtail_social.features import Activity, Feature, Searchable, register_feature

from . import supports
from .answer_targets import ANSWER_TARGET
from .models import (
    IDEA,
    QUESTION,
    STATE_LABELS,
    STATES,
    SUGGESTION,
    Contribution,
    ContributionRevision,
    OfficialAnswer,
    StatusChange,
    Support,
)


def contribution_activity(kind: str):
    def rows():
        return Contribution.objects.filter(kind=kind, author__isnull=False).values(
            "page", person=F("author_id"), day=TruncDate("created_at"), detail=F("state")
        )

    return rows


def searchable_contributions(kind: str):
    """``Searchable.searchable_items`` of ``kind``: not withdrawn, not removed nor hidden by its
    reports (``reporting``), on a live page."""

    def searchable_items(queryset):
        return queryset.filter(
            kind=kind,
            withdrawn_at__isnull=True,
            removed_at__isnull=True,
            hidden_at__isnull=True,
            page__in=access.published_pages(),
        )

    return searchable_items


def contribution_page_id(contribution: Contribution) -> int:
    return contribution.page_id


def contribution_status(contribution: Contribution) -> str:
    """The status a search hit shows beside an idea or a question ("Accepted", "Answered")."""
    return contribution.state_label


def support_activity():
    return Support.objects.values(
        person=F("user_id"), page=F("contribution__page_id"), day=TruncDate("created_at")
    )


def export_contributions(kind: str):
    def export(user) -> list[dict]:
        """The contributions of ``kind`` the person wrote, with their earlier versions; for
        ideas, the ideas they support too."""
        rows = (
            Contribution.objects.filter(author=user, kind=kind)
            .order_by("created_at", "pk")
            .prefetch_related("revisions")
        )
        exported = [
            {
                "kind": contribution.kind,
                "page": contribution.page_id,
                "date": contribution.created_at.isoformat(),
                "title": contribution.title,
                "text": contribution.text,
                "quote": contribution.quote,
                "state": contribution.state,
                "withdrawn": contribution.withdrawn_at.isoformat() if contribution.withdrawn_at else None,
                "earlier_versions": [
                    {"title": revision.title, "text": revision.text, "quote": revision.quote}
                    for revision in contribution.revisions.all()
                ],
            }
            for contribution in rows
        ]
        if kind == IDEA:
            exported += [
                {"supports": idea_id, "date": created.isoformat()}
                for idea_id, created in Support.objects.filter(user=user)
                .order_by("created_at")
                .values_list("contribution_id", "created_at")
            ]
        return exported

    return export


def erase_contributions(kind: str):
    def erase(user) -> int:
        """Contributions are part of discussions and supported by others: they stay,
        anonymised (no author; revisions no editor). Supports of ideas are deleted, and their
        ideas' counts follow."""
        count = Contribution.objects.filter(author=user, kind=kind).update(author=None)
        ContributionRevision.objects.filter(editor=user, contribution__kind=kind).update(editor=None)
        if kind == QUESTION:  # whose answer came first: the answer itself stays (a comment, erased apart)
            Contribution.objects.filter(first_answered_by=user).update(first_answered_by=None)
        # A manager's work stays, unsigned: their answers, status changes and assignments.
        Contribution.objects.filter(assignee=user, kind=kind).update(assignee=None)
        OfficialAnswer.objects.filter(author=user, contribution__kind=kind).update(author=None)
        StatusChange.objects.filter(changed_by=user, contribution__kind=kind).update(changed_by=None)
        if kind == IDEA:
            count += supports.erase_supports(user)
        return count

    return erase


DESCRIPTIONS = {
    IDEA: _("The ideas you submit, on their day and page."),
    QUESTION: _("The questions you ask, on their day and page."),
    SUGGESTION: _("The suggestions you make to improve a page, on their day and page."),
}


def state_labels(kind: str) -> dict:
    """The states of ``kind`` and their default labels, in workflow order: the figures' columns
    by status. (The KPI reports are not a site's page: a site's renamed labels are not used.)"""
    return {state: STATE_LABELS[state] for state in STATES[kind]}


def register_contribution_features() -> None:
    specs = (
        (IDEA, "ideas", _("Ideas"), _("Employees propose ideas and support the ideas of others."), 60),
        (QUESTION, "questions", _("Questions"), _("Employees ask questions that get an answer."), 61),
        (SUGGESTION, "suggestions", _("Suggestions"), _("Employees suggest improvements to the page."), 62),
    )
    for kind, key, label, help_text, order in specs:
        activities = [
            Activity(
                kind,
                Activity.CONTRIBUTOR,
                contribution_activity(kind),
                detailed=True,
                description=DESCRIPTIONS[kind],
                timestamp="created_at",
                label=label,
                detail_labels=state_labels(kind),
            )
        ]
        if kind == IDEA:
            activities.append(
                Activity(
                    "support",
                    Activity.ENGAGED,
                    support_activity,
                    description=_("That you support an idea, on the day you did."),
                    timestamp="created_at",
                    label=_("Supports of ideas"),
                )
            )
        register_feature(
            Feature(
                key=key,
                label=label,
                help_text=help_text,
                default=False,
                order=order,
                activities=activities,
                export_person=export_contributions(kind),
                erase_person=erase_contributions(kind),
                # Questions carry an answer target per section (``answer_targets``).
                values=(ANSWER_TARGET,) if kind == QUESTION else (),
                searchable=[
                    Searchable(
                        Contribution,
                        kind,
                        label,
                        page_id=contribution_page_id,
                        searchable_items=searchable_contributions(kind),
                        status=contribution_status,
                    )
                ],
            )
        )
