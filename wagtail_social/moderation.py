"""Moderation of comments on every discussion target: the policy check inside
django-comments-xtd's moderation hook (whether a new comment is accepted, or held), and the
rules of the moderators' decisions afterwards (what an open report is, which state a comment is
in, which decision is allowed from which state). Both belong to one question, "who decides what
readers see of a comment"; the admin queue and the discussion read these rules and hold none."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django_comments.models import CommentFlag
from django_comments_xtd.moderation import XtdCommentModerator, moderator

from . import access, sections, targets
from .conf import settings
from .policy import policy_for

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class ParticipationModerator(XtdCommentModerator):
    """Refuses comments the policy or access of the target's page does not allow; holds
    pre-moderated ones."""

    def allow(self, comment, content_object, request):
        page = targets.page_of(content_object)
        return access.can_participate(request, page) and policy_for(request, page).accepts_comments()

    def moderate(self, comment, content_object, request):
        return policy_for(request, targets.page_of(content_object)).premoderated


def register_moderator() -> None:
    """Register the moderator for every discussion target; the list of targets is final then."""
    for target_type in targets.seal():
        if target_type.model not in moderator._registry:
            moderator.register(target_type.model, ParticipationModerator)


# Open reports. A moderator's approval (approving, keeping, restoring: each records one) closes
# every report made before it; a report made after it is open, so a reader may report again.


def last_approval_date(comment_ref: OuterRef):
    """The date of the last moderator approval of the comment ``comment_ref`` points at
    (``OuterRef("pk")``, or nested deeper), or the epoch when there was none: an SQL expression,
    so that the queue and a discussion decide "open" the same way, in the query."""
    last = (
        CommentFlag.objects.filter(comment=comment_ref, flag=CommentFlag.MODERATOR_APPROVAL)
        .order_by("-flag_date")
        .values("flag_date")[:1]
    )
    return Coalesce(Subquery(last), Value(EPOCH))


def with_open_reports(comments):
    """Annotate ``open_report_count``: reports made after the last moderator approval."""
    open_reports = (
        CommentFlag.objects.filter(comment=OuterRef("pk"), flag=CommentFlag.SUGGEST_REMOVAL)
        .filter(flag_date__gt=OuterRef("last_approval"))
        .order_by()
        .values("comment")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return comments.annotate(last_approval=last_approval_date(OuterRef("pk"))).annotate(
        open_report_count=Coalesce(Subquery(open_reports), 0)
    )


def hidden_by_reports():
    """The ids of comments hidden from readers by their reports: open reports from at least
    ``WAGTAIL_SOCIAL_REPORTS_TO_HIDE`` different people (a subquery, for ``pk__in``). Hidden
    until a moderator decides: approving closes the reports, removing shows the reason."""
    return (
        CommentFlag.objects.filter(flag=CommentFlag.SUGGEST_REMOVAL)
        .annotate(last_approval=last_approval_date(OuterRef("comment_id")))
        .filter(flag_date__gt=F("last_approval"))
        .values("comment_id")
        .annotate(reporters=Count("user_id", distinct=True))
        .filter(reporters__gte=settings.REPORTS_TO_HIDE)
        .values("comment_id")
    )


def has_open_report_by(user) -> Exists:
    """Whether ``user`` has an open report on the comment (``flagged_by_me`` in a discussion)."""
    return Exists(
        CommentFlag.objects.filter(
            comment=OuterRef("pk"),
            user=user,
            flag=CommentFlag.SUGGEST_REMOVAL,
            flag_date__gt=last_approval_date(OuterRef(OuterRef("pk"))),
        )
    )


# The states of a comment, as conditions on comments annotated by ``with_open_reports``.

HELD = Q(is_public=False, is_removed=False)
"""Waiting for a moderator before readers see it (pre-moderation, or an edit on such a page)."""
REPORTED = Q(open_report_count__gt=0, is_removed=False)
"""Shown to readers, with at least one open report (a held comment may be reported too)."""
REMOVED = Q(is_removed=True)
"""Replaced by the moderator's reason for readers; it and its replies stay stored."""
PUBLISHED = Q(is_public=True, is_removed=False)
"""Shown to readers, reported or not."""
NEEDS_ATTENTION = HELD | REPORTED
"""What the moderators' queue shows by default."""


def state_of(comment) -> str:
    """The one state a comment is shown in, in this order of precedence: ``"removed"``,
    ``"held"``, ``"reported"`` (needs ``open_report_count``), ``"published"``."""
    if comment.is_removed:
        return "removed"
    if not comment.is_public:
        return "held"
    if getattr(comment, "open_report_count", 0):
        return "reported"
    return "published"


# Moderators' decisions. Approving or removing a removed comment would act on text readers no
# longer see (and approving would republish it without its removal being undone): restore first.

ACTIONS = ("approve", "remove", "restore")


def is_moderator(user) -> bool:
    """Whether ``user`` takes moderators' decisions: an active account with the moderation
    permission (``WAGTAIL_SOCIAL_MODERATE_PERMISSION``), site-wide or for a section
    (``wagtail_social.sections``)."""
    return sections.holds_anywhere(user, settings.MODERATE_PERMISSION)


def moderates(user, page) -> bool:
    """Whether ``user`` moderates the comments of ``page`` (site-wide or through its section)."""
    return sections.holds_for(user, settings.MODERATE_PERMISSION, page)


def allowed_actions(comment) -> frozenset[str]:
    """The decisions a moderator may take on ``comment`` in its present state."""
    if comment.is_removed:
        return frozenset({"restore"})
    return frozenset({"approve", "remove"})


def refusal(comment, action: str | None) -> str | None:
    """Why ``action`` is refused on ``comment`` (a message for the moderator), or ``None``
    when it is allowed."""
    if action not in ACTIONS:
        return _("Unknown action.")
    if action in allowed_actions(comment):
        return None
    if comment.is_removed:
        return _("This comment is removed: restore it first.")
    return _("This comment is not removed.")
