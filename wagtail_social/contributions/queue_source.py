"""The contributions' source of the community queue (``wagtail_social/queue.py``): ideas and
suggestions nobody has looked at yet, open questions, overdue questions, and what is assigned to
the viewer, among the contributions they manage (``admin_views.managed_contributions``: access
and sections applied). Registered from the app's ``ready()``: the core never imports this app."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page

from wagtail_social import queue, sections

from .managers import PERMISSION
from .models import ACCEPTED, KIND_CHOICES, NEW, OPEN, UNDER_REVIEW

NAME = "contributions"
MAX_ROWS = 500
WAITING_STATES = (NEW, OPEN)
"""Nobody has handled them yet: a new idea or suggestion, a question without an answer."""
ASSIGNABLE_STATES = (NEW, OPEN, UNDER_REVIEW, ACCEPTED)


def _managed(user):
    from .admin_views import managed_contributions

    return managed_contributions(user).filter(withdrawn_at__isnull=True, merged_into__isnull=True)


def waiting(user):
    return _managed(user).filter(state__in=WAITING_STATES)


def matching(contributions, filters: queue.QueueFilters):
    """``contributions`` narrowed by the queue's filters on kind, section, author and text (the
    managers' rows here, the moderators' in ``report_queue``)."""
    if filters.kind:
        contributions = contributions.filter(kind=filters.kind)
    if filters.section is not None:
        contributions = contributions.filter(
            page_id__in=Page.objects.filter(path__startswith=filters.section.path).values("pk")
        )
    if filters.author:
        contributions = contributions.filter(
            Q(author__username__iexact=filters.author)
            | Q(author__first_name__icontains=filters.author)
            | Q(author__last_name__icontains=filters.author)
        )
    if filters.text:
        contributions = contributions.filter(
            Q(title__icontains=filters.text) | Q(text__icontains=filters.text)
        )
    return contributions


def contribution_rows(user, filters: queue.QueueFilters):
    from .answer_targets import overdue

    if filters.state in (queue.ATTENTION, queue.WAITING):
        contributions = waiting(user)
    elif filters.state == queue.OVERDUE:
        contributions = overdue(_managed(user), timezone.now())
    elif filters.state == queue.MINE:
        contributions = _managed(user).filter(assignee=user, state__in=ASSIGNABLE_STATES)
    else:
        return []  # contributions are neither held nor reported
    if filters.min_reports:
        return []
    contributions = matching(contributions, filters)
    kinds = dict(KIND_CHOICES)
    now = timezone.now()
    rows = contributions.select_related("page", "author").order_by("-created_at")[:MAX_ROWS]
    for contribution in rows:
        late = contribution.answer_due_at is not None and contribution.answer_due_at < now
        state = queue.OVERDUE if late and contribution.state == OPEN else queue.WAITING
        author = contribution.author
        yield queue.QueueRow(
            source=NAME,
            pk=contribution.pk,
            kind=contribution.kind,
            kind_label=str(kinds.get(contribution.kind, contribution.kind)),
            text=Truncator(contribution.title).chars(160),
            author=(author.get_full_name() or author.get_username()) if author else "",
            page_id=contribution.page_id,
            page_title=contribution.page.title,
            state=state,
            state_label=_("Overdue") if state == queue.OVERDUE else _("Waiting for a manager"),
            date=contribution.created_at,
            review_url=reverse("wagtail_social_contributions_admin:edit", args=[contribution.pk]),
            assignee_id=contribution.assignee_id,
        )


def register() -> None:
    queue.register_source(
        queue.QueueSource(
            name=NAME,
            kinds=KIND_CHOICES,
            rows=contribution_rows,
            count=lambda user: waiting(user).count(),
            may_use=lambda user: sections.holds_anywhere(user, PERMISSION),
        )
    )
