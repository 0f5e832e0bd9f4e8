"""Comments of one discussion (of a page, or of any object registered as a discussion target):
reading a paginated discussion and every change employees and moderators make to it. Views and
template tags call these; none of them touches the comment tables directly."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_comments.models import CommentFlag
from django_comments.signals import (
    comment_was_flagged,
    comment_was_posted,
    comment_will_be_posted,
)
from django_comments_xtd.models import TmpXtdComment, XtdComment
from wagtail.log_actions import log
from wagtail.models import Page

from . import moderation, moderation_notices, searching
from .conf import settings
from .models import CommentRemoval, CommentReport, CommentRevision, EffectivePolicy, ReportReason
from .notifications import schedule_followup_notifications
from .signals import comment_published
from .targets import Target


class CommentRejected(Exception):
    """A comment the rules refuse; ``message`` is for the person who posted it."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def page_content_type() -> ContentType:
    # Comments always point at the base Page, whatever the page's specific type, so every
    # query on a page's discussion is the same whatever the host's page models.
    return ContentType.objects.get_for_model(Page)


def comments_of(target: Target | Page):
    """The comments of one discussion: of a target, or of a page's own discussion."""
    if isinstance(target, Page):
        return XtdComment.norel_objects.filter(content_type=page_content_type(), object_pk=str(target.pk))
    return XtdComment.norel_objects.filter(content_type_id=target.content_type_id, object_pk=target.object_pk)


def visible_to(user, include_hidden: bool = False) -> Q:
    """Published comments not hidden by their reports, every removed one (shown as its
    removal's reason where it stood, held or not), plus the user's own comments (held or hidden
    ones too: an author learns why, never finds a comment silently gone). ``include_hidden``:
    also those hidden by reports (reporting and withdrawing a report still find them)."""
    published = Q(is_public=True)
    if not include_hidden:
        published &= ~Q(pk__in=moderation.hidden_by_reports())
    shown = published | Q(is_removed=True)
    if user.is_authenticated:
        shown |= Q(user=user)
    return shown


@dataclass(slots=True)
class ListedComment:
    """What a discussion page shows of a comment. Read as plain rows rather than model
    instances: building 60 two-table model instances cost more than the whole query."""

    pk: int
    thread_id: int
    parent_id: int
    level: int
    user_id: int | None
    user_name: str
    comment: str
    submit_date: datetime.datetime
    is_public: bool
    is_removed: bool
    removal_reason: str | None
    edited: bool
    flagged_by_me: bool = False


LISTED_FIELDS = [
    name for name in ListedComment.__slots__ if name not in ("removal_reason", "edited", "flagged_by_me")
]


@dataclass
class Node:
    comment: ListedComment
    children: list[Node] = field(default_factory=list)


@dataclass
class Discussion:
    target: Target
    policy: EffectivePolicy
    paginator_page: object
    threads: list[Node]
    total: int
    items: list[Node] = field(default_factory=list)  # threads flattened in reading order

    @property
    def page(self) -> Page:
        """The page the discussion belongs to (its target, or the page of its target)."""
        return self.target.page


def empty_page():
    return Paginator([], settings.COMMENTS_PER_PAGE).get_page(1)


def discussion_for(target: Target, policy: EffectivePolicy, user, page_number=1) -> Discussion:
    """One page of threads of ``target``'s discussion, newest thread first, replies in
    conversation order.

    Two queries whatever the number of comments: the counts, then every comment of the page's
    threads with its removal, edit and flag state (none at all for an empty discussion).
    """
    shown = comments_of(target).filter(visible_to(user))
    counts = shown.aggregate(total=Count("pk"), roots=Count("pk", filter=Q(level=0)))
    roots = shown.filter(level=0).order_by("-thread_id").values_list("thread_id", flat=True)
    paginator = Paginator(roots, settings.COMMENTS_PER_PAGE)
    paginator.count = counts["roots"]  # both counts in one query; the paginator needn't count again
    paginator_page = paginator.get_page(page_number)
    if not counts["total"]:
        return Discussion(target, policy, paginator_page, [], 0)
    comments = (
        # The page's slice of thread ids as a subquery: one round trip for the whole page.
        shown.filter(thread_id__in=paginator_page.object_list)
        .annotate(
            edited=Exists(CommentRevision.objects.filter(comment=OuterRef("pk"))),
            removal_reason=F("social_removal__reason"),
        )
        .order_by("-thread_id", "order")
    )
    if user.is_authenticated:
        # "Reported" only while the report is open: after a moderator kept the comment, the
        # reader may report it again.
        comments = comments.annotate(flagged_by_me=moderation.has_open_report_by(user))
    nodes: dict[int, Node] = {}
    threads: list[Node] = []
    columns = [*LISTED_FIELDS, "removal_reason", "edited"]
    if user.is_authenticated:
        columns.append("flagged_by_me")
    for row in comments.values_list(*columns):
        comment = ListedComment(*row)
        node = nodes[comment.pk] = Node(comment)
        if comment.level == 0:
            threads.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id].children.append(node)
        # A reply whose parent is hidden from this reader is not shown out of context.
    return Discussion(target, policy, paginator_page, threads, counts["total"])


def page_number_of(comment: XtdComment, user) -> int:
    """The discussion page on which ``comment``'s thread appears for ``user``."""
    newer_threads = (
        comments_of_object(comment).filter(visible_to(user), level=0, thread_id__gt=comment.thread_id).count()
    )
    return newer_threads // settings.COMMENTS_PER_PAGE + 1


def comments_of_object(comment: XtdComment):
    return XtdComment.norel_objects.filter(
        content_type_id=comment.content_type_id, object_pk=comment.object_pk
    )


def can_edit(comment: XtdComment, user, now: datetime.datetime | None = None) -> bool:
    window = settings.EDIT_WINDOW_MINUTES
    return (
        window > 0
        and user.is_authenticated
        and comment.user_id == user.pk
        and not comment.is_removed
        and (now or timezone.now()) < comment.submit_date + datetime.timedelta(minutes=window)
    )


def can_reply_to(comment, policy: EffectivePolicy) -> bool:
    """Whether the page's policy lets a participant reply to ``comment`` (a published comment,
    within the reply depth); the discussion being open is the caller's other condition."""
    return comment.is_public and not comment.is_removed and policy.allows_reply_at(comment.level)


def can_flag(comment, user) -> bool:
    """Whether a participant may report ``comment`` to moderators: not their own, not removed."""
    return comment.user_id != user.pk and not comment.is_removed


def post_comment(request, target: Target, policy: EffectivePolicy, form) -> XtdComment:
    """Store a valid comment form's comment on ``target``'s discussion, applying the policy of
    its page, depth and moderation.

    Raises :class:`CommentRejected` with a message for the poster; nothing is stored then.
    """
    if not policy.enabled("comments"):
        raise CommentRejected(_("Comments are not open on this page."), status=403)
    if policy.is_closed():
        raise CommentRejected(
            _("This discussion is closed: new comments are no longer accepted."),
            status=403,
        )
    user = request.user
    text = form.cleaned_data["comment"]
    parent = None
    reply_to = form.cleaned_data.get("reply_to") or 0
    if reply_to:
        parent = comments_of(target).filter(pk=reply_to, is_public=True, is_removed=False).first()
        if parent is None:
            raise CommentRejected(_("The comment you are replying to is not available."))
        if not policy.allows_reply_at(parent.level):
            if policy.max_depth == 0:
                raise CommentRejected(_("Replies are not allowed on this page."))
            raise CommentRejected(
                ngettext(
                    "Replies cannot go deeper than %(depth)d level on this page.",
                    "Replies cannot go deeper than %(depth)d levels on this page.",
                    policy.max_depth,
                )
                % {"depth": policy.max_depth}
            )
    same_place = Q(parent_id=parent.pk, level=parent.level + 1) if parent else Q(level=0)
    duplicate = (
        comments_of(target)
        .filter(
            same_place,
            user=user,
            comment=text,
            is_removed=False,
            submit_date__gte=timezone.now() - datetime.timedelta(seconds=settings.DUPLICATE_WINDOW_SECONDS),
        )
        .first()
    )
    if duplicate is not None:
        return duplicate  # a double click or a resent form: one comment, not two
    comment = XtdComment(
        content_type_id=target.content_type_id,
        object_pk=target.object_pk,
        site_id=getattr(django_settings, "SITE_ID", 1),
        user=user,
        user_name=(user.get_full_name() or user.get_username())[:50],
        user_email=user.email or "",
        comment=text,
        submit_date=timezone.now(),
        is_public=True,
        is_removed=False,
        followup=form.cleaned_data.get("followup", False),
        parent_id=parent.pk if parent else 0,
        ip_address=request.META.get("REMOTE_ADDR") if settings.STORE_IP_ADDRESS else None,
    )
    comment.content_object = target.object
    # xtd's moderator (and so our ParticipationModerator) listens for its TmpXtdComment sender.
    responses = comment_will_be_posted.send(sender=TmpXtdComment, comment=comment, request=request)
    if any(response is False for _receiver, response in responses):
        raise CommentRejected(_("Your comment was not accepted on this page."), status=403)
    with transaction.atomic():
        if parent is not None:
            # xtd numbers a reply by reading the thread's orders, then shifting them: two replies
            # to one thread at once would get the same order. Lock the thread's root first, so
            # replies to a thread are numbered one after the other (a no-op on SQLite, whose
            # IMMEDIATE transactions already run one at a time).
            XtdComment.norel_objects.select_for_update().filter(pk=parent.thread_id).exists()
        comment.save()
    comment_was_posted.send(sender=XtdComment, comment=comment, request=request)
    if comment.is_public:
        schedule_followup_notifications(comment)
        comment_published.send(sender=XtdComment, comment=comment, published_at=comment.submit_date)
    return comment


def edit_comment(comment: XtdComment, text: str, policy: EffectivePolicy | None = None) -> None:
    """Replace the text, keeping the earlier one. On a pre-moderated page the new text goes
    back to the moderators before readers see it, and they are told, as for a new held comment
    (once per holding: an edit of a comment already held tells nobody again). ``update`` rather
    than ``save``: saving an xtd comment republishes its whole branch, including replies still
    held for moderation."""
    if text == comment.comment:
        return
    changes = {"comment": text}
    if policy is not None and policy.premoderated:
        changes["is_public"] = False
    with transaction.atomic():
        CommentRevision.objects.create(comment=comment, text=comment.comment)
        # Conditional on the comment being published, in the same statement: of two edits at
        # once, only the one that holds it announces it.
        held_now = (
            not changes.get("is_public", True)
            and XtdComment.norel_objects.filter(pk=comment.pk, is_public=True, is_removed=False).update(
                **changes
            )
            > 0
        )
        if not held_now:
            XtdComment.norel_objects.filter(pk=comment.pk).update(**changes)
        searching.reindex_comment(comment.pk)
        if held_now:
            moderation_notices.notify_later(comment, moderation_notices.HELD)
    for name, value in changes.items():
        setattr(comment, name, value)


def flag_comment(request, comment: XtdComment, reason: str = ReportReason.OTHER, text: str = "") -> bool:
    """Report a comment to moderators, with a reason. Reporting again after a moderator kept the
    comment re-opens the report (its date moves on), so it shows in the queue again."""
    with transaction.atomic():
        flag, created = CommentFlag.objects.update_or_create(
            comment=comment,
            user=request.user,
            flag=CommentFlag.SUGGEST_REMOVAL,
            defaults={"flag_date": timezone.now()},
        )
        CommentReport.objects.update_or_create(flag=flag, defaults={"reason": reason, "text": text})
    comment_was_flagged.send(sender=XtdComment, comment=comment, flag=flag, created=created, request=request)
    return created


def withdraw_report(request, comment: XtdComment) -> bool:
    """Withdraw the requester's open report on ``comment`` (its reason goes with it); whether
    there was one. A report a moderator already decided on stays, as the record of it."""
    deleted, _ = CommentFlag.objects.filter(
        comment=comment,
        user=request.user,
        flag=CommentFlag.SUGGEST_REMOVAL,
        flag_date__gt=moderation.last_approval_date(comment.pk),
    ).delete()
    return bool(deleted)


def record_approval(request, comment: XtdComment) -> None:
    # update_or_create: each decision closes the reports made before it (see moderation.with_open_reports).
    CommentFlag.objects.update_or_create(
        comment=comment,
        user=request.user,
        flag=CommentFlag.MODERATOR_APPROVAL,
        defaults={"flag_date": timezone.now()},
    )


def approve_comment(request, comment: XtdComment) -> None:
    """Publish a held comment, or keep a reported one and close its reports."""
    was_held = not comment.is_public
    with transaction.atomic():
        XtdComment.norel_objects.filter(pk=comment.pk).update(is_public=True)
        searching.reindex_comment(comment.pk)
        record_approval(request, comment)
        log(instance=comment, action="wagtail_social.comment.approve", user=request.user)
    comment.is_public = True
    if was_held:
        schedule_followup_notifications(comment)
        comment_published.send(sender=XtdComment, comment=comment, published_at=timezone.now())


def remove_comment(request, comment: XtdComment, reason: str) -> None:
    """Hide the text behind the reason; the comment and its replies stay in the database."""
    with transaction.atomic():
        XtdComment.norel_objects.filter(pk=comment.pk).update(is_removed=True)
        searching.reindex_comment(comment.pk)
        CommentRemoval.objects.update_or_create(
            comment=comment,
            defaults={"reason": reason, "removed_by": request.user, "was_public": comment.is_public},
        )
        CommentFlag.objects.get_or_create(
            comment=comment, user=request.user, flag=CommentFlag.MODERATOR_DELETION
        )
        log(
            instance=comment,
            action="wagtail_social.comment.remove",
            user=request.user,
            data={"reason": reason},
        )
    comment.is_removed = True


def restore_comment(request, comment: XtdComment) -> None:
    """Undo a removal: the comment returns to the state it had (a held one stays held), and the
    reports that led to the removal are closed."""
    removal = CommentRemoval.objects.filter(comment=comment).first()
    was_public = removal.was_public if removal is not None else True
    with transaction.atomic():
        XtdComment.norel_objects.filter(pk=comment.pk).update(is_removed=False, is_public=was_public)
        searching.reindex_comment(comment.pk)
        CommentRemoval.objects.filter(comment=comment).delete()
        CommentFlag.objects.filter(comment=comment, flag=CommentFlag.MODERATOR_DELETION).delete()
        record_approval(request, comment)
        log(instance=comment, action="wagtail_social.comment.restore", user=request.user)
    comment.is_removed, comment.is_public = False, was_public
