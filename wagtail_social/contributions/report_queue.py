"""Reported contributions in the community queue (``wagtail_social/queue.py``): ideas, questions
and suggestions with open reports, for the moderators of their sections (``reporting.
moderated_contributions``: access and sections applied), each row saying how many reports and
why. Bulk decisions go through ``reporting`` like single ones: the reason and the audit log.
Registered from the app's ``ready()``, beside the managers' source (``queue_source``), which
lists what waits for a manager rather than for a moderator."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail_social import moderation, queue
from wagtail_social.models import ReportReason

from . import reporting
from .models import KIND_CHOICES, ContributionReport
from .queue_source import matching

NAME = "contribution_reports"
MAX_ROWS = 500


def reported_rows(user, filters: queue.QueueFilters):
    if filters.state not in (queue.ATTENTION, queue.REPORTED):
        return []  # a reported contribution is neither held, nor overdue, nor assigned
    contributions = reporting.reported(reporting.moderated_contributions(user))
    contributions = matching(contributions, filters)
    if filters.min_reports:
        contributions = contributions.filter(open_report_count__gte=filters.min_reports)
    open_reports = ContributionReport.objects.filter(decided_at__isnull=True).order_by("reported_at", "pk")
    rows = (
        contributions.select_related("page", "author")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by("-created_at")[:MAX_ROWS]
    )
    kinds, reasons = dict(KIND_CHOICES), dict(ReportReason.choices)
    for contribution in rows:
        author = contribution.author
        why = ", ".join(
            dict.fromkeys(str(reasons.get(r.reason, r.reason)) for r in contribution.open_reports)
        )
        label = _("Hidden by reports") if contribution.is_hidden else _("Reported")
        yield queue.QueueRow(
            source=NAME,
            pk=contribution.pk,
            kind=contribution.kind,
            kind_label=str(kinds.get(contribution.kind, contribution.kind)),
            text=Truncator(contribution.title).chars(160),
            author=(author.get_full_name() or author.get_username()) if author else "",
            page_id=contribution.page_id,
            page_title=contribution.page.title,
            state=queue.REPORTED,
            state_label=_("%(state)s: %(reasons)s") % {"state": label, "reasons": why},
            date=contribution.created_at,
            review_url=reverse("wagtail_social_contribution_moderation:review", args=[contribution.pk]),
            reports=contribution.open_report_count,
        )


def reported_count(user) -> int:
    return reporting.reported(reporting.moderated_contributions(user)).count()


def bulk_decide(request, pks: list[int], action: str, reason: str = "") -> int:
    """Keep (close the reports) or remove with ``reason`` the contributions ``pks`` the requester
    moderates; one whose state refuses the action is skipped."""
    done = 0
    for contribution in reporting.moderated_contributions(request.user).filter(pk__in=pks):
        if reporting.refusal(contribution, action) is not None:
            continue
        if action == "approve":
            reporting.approve(request, contribution)
        elif action == "remove":
            reporting.remove(request, contribution, reason)
        else:
            continue
        done += 1
    return done


def register() -> None:
    queue.register_source(
        queue.QueueSource(
            name=NAME,
            kinds=KIND_CHOICES,
            rows=reported_rows,
            count=reported_count,
            bulk=bulk_decide,
            may_use=moderation.is_moderator,
        )
    )
