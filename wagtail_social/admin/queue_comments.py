"""The comments' source of the community queue (``wagtail_social/queue.py``): held and reported
comments of every discussion target (official answers and contributions' discussions included),
as the moderators' queue lists them (access and sections applied by ``moderation_queryset``).
Bulk decisions go through ``discussion`` like single ones: the reason and the audit log."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from .. import discussion, moderation, queue
from .moderation import moderation_queryset

NAME = "comments"
MAX_ROWS = 500
STATE_CONDITIONS = {
    queue.ATTENTION: moderation.NEEDS_ATTENTION,
    queue.HELD: moderation.HELD,
    queue.REPORTED: moderation.REPORTED,
}


def comment_rows(user, filters: queue.QueueFilters):
    condition = STATE_CONDITIONS.get(filters.state)
    if condition is None:
        return []  # comments are never overdue nor assigned
    comments = moderation_queryset(user).filter(condition)
    if filters.section is not None:
        in_section = Page.objects.filter(path__startswith=filters.section.path).values("pk")
        comments = comments.filter(target_page_id__in=in_section)
    if filters.author:
        comments = comments.filter(
            Q(user_name__icontains=filters.author) | Q(user__username__iexact=filters.author)
        )
    if filters.min_reports:
        comments = comments.filter(open_report_count__gte=filters.min_reports)
    if filters.text:
        comments = comments.filter(comment__icontains=filters.text)
    labels = {"held": _("Held"), "reported": _("Reported"), "published": _("Published")}
    for comment in comments.order_by("-submit_date")[:MAX_ROWS]:
        state = moderation.state_of(comment)
        yield queue.QueueRow(
            source=NAME,
            pk=comment.pk,
            kind="comment",
            kind_label=_("Comment"),
            text=Truncator(comment.comment).chars(160),
            author=comment.user_name,
            page_id=comment.target_page_id,
            page_title=comment.page_title or "",
            state=state,
            state_label=labels.get(state, state),
            date=comment.submit_date,
            review_url=reverse("wagtail_social_moderation:edit", args=[comment.pk]),
            reports=comment.open_report_count,
        )


def comment_count(user) -> int:
    return moderation_queryset(user).filter(moderation.NEEDS_ATTENTION).count()


def bulk_decide(request, pks: list[int], action: str, reason: str = "") -> int:
    """Approve (publish, or keep and close the reports) or remove with ``reason`` the comments
    ``pks`` the requester moderates; a comment whose state refuses the action is skipped."""
    done = 0
    for comment in moderation_queryset(request.user).filter(pk__in=pks):
        if moderation.refusal(comment, action) is not None:
            continue
        if action == "approve":
            discussion.approve_comment(request, comment)
        elif action == "remove":
            discussion.remove_comment(request, comment, reason)
        else:
            continue
        done += 1
    return done


def register() -> None:
    queue.register_source(
        queue.QueueSource(
            name=NAME,
            kinds=[("comment", gettext_lazy("Comment"))],
            rows=comment_rows,
            count=comment_count,
            bulk=bulk_decide,
            may_use=moderation.is_moderator,
        )
    )
