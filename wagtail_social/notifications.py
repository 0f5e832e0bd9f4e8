"""Follow-up emails, sent through Django's task framework (immediate by default, a worker in
production), in batches per discussion.

When a comment is published, it joins its discussion's waiting list (``PendingFollowup``). A
quiet discussion's first comment is sent at once; while an email went out less than
``WAGTAIL_SOCIAL_FOLLOWUP_BATCH_SECONDS`` ago, the next one is scheduled for the end of that
delay, and every comment published meanwhile joins it: each follower gets one email listing
every new comment since the previous one. With a backend that runs deferred tasks the email is
a task with ``run_after``; with one that does not (the immediate backend), the
``send_followup_emails`` command sends what is due, and so does the next comment after the delay.

Recipients are filtered by the access module at sending time, by the page of the discussion's
target: someone who lost access to that page since they followed hears nothing more about it.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from django_tasks import task
from wagtail.models import Page

from . import access, delivery, following, sql, targets
from .conf import settings
from .models import FollowupBatch, PendingFollowup
from .notification_kinds import REPLIES

MUTE_SALT = "wagtail_social.mute"
MAX_LISTED = 20  # comments written out in one email; the rest are counted, the link shows them


def schedule_followup_notifications(comment: XtdComment) -> None:
    """Put a just-published comment on its discussion's waiting list and make sure an email is
    scheduled: at once for a quiet discussion, else at the end of the batch delay.

    The batch row is locked first: a run sending the batch meanwhile (``_claim``) empties the
    list and closes the batch, and this comment must then open a new one, not join a list that
    nothing will send any more."""
    now = timezone.now()
    with transaction.atomic():
        batch, _created = FollowupBatch.objects.select_for_update().get_or_create(
            content_type_id=comment.content_type_id, object_pk=comment.object_pk
        )
        sql.insert_ignoring_conflicts(PendingFollowup, comment=comment.pk, batch=batch.pk)
        if batch.due_at is not None:
            # Overdue: its task did not run, or the backend runs no deferred task. Enqueue it
            # (again): claiming is idempotent, a second run finds nothing left to send.
            if batch.due_at <= now:
                transaction.on_commit(lambda: send_followup_batch.enqueue(batch.pk))
            return
        delay = datetime.timedelta(seconds=settings.FOLLOWUP_BATCH_SECONDS)
        due = now if batch.last_sent_at is None else max(now, batch.last_sent_at + delay)
        batch.due_at = due
        batch.save(update_fields=["due_at"])
    if due <= now:
        transaction.on_commit(lambda: send_followup_batch.enqueue(batch.pk))
    elif send_followup_batch.get_backend().supports_defer:
        transaction.on_commit(lambda: send_followup_batch.using(run_after=due).enqueue(batch.pk))


def send_due_batches(now: datetime.datetime | None = None) -> int:
    """Send every batch whose time has come (``manage.py send_followup_emails``, for task
    backends that do not run deferred tasks). Returns the number of emails sent."""
    now = now or timezone.now()
    due = FollowupBatch.objects.filter(due_at__lte=now).values_list("pk", flat=True)
    return sum(send_batch(batch_id) for batch_id in list(due))


def followers(target: targets.Target) -> list:
    """People who follow this discussion (``following``) and may still see its page."""
    users = (
        get_user_model()
        .objects.filter(pk__in=following.follower_ids(target), is_active=True)
        .exclude(email="")
    )
    return access.filter_users_who_can_view(target.page, users.prefetch_related("groups").order_by("pk"))


def mute_token(user_id: int, target: targets.Target) -> str:
    """A signed link parameter naming a person and a discussion (its target)."""
    return signing.dumps({"u": user_id, "t": target.content_type_id, "o": target.object_pk}, salt=MUTE_SALT)


def read_mute_token(token: str) -> tuple[int, int, str]:
    """``(user id, content type id, object pk)``; tokens of earlier emails named a page only."""
    data = signing.loads(token, salt=MUTE_SALT, max_age=60 * 60 * 24 * 365)
    if "p" in data:
        return int(data["u"]), targets.type_for_label("wagtailcore.page").content_type.pk, str(int(data["p"]))
    return int(data["u"]), int(data["t"]), str(data["o"])


def preferred_language(user) -> str:
    """The language the person chose in their Wagtail profile, else the site's."""
    return delivery.preferred_language(user)


def _claim(batch_id: int) -> tuple[FollowupBatch | None, list[XtdComment], tuple]:
    """Take the batch's waiting comments off the list (so no other run sends them again) and
    close the batch; returns the batch, the published comments, oldest first, and what
    ``_give_back`` needs to put them back if the email cannot be sent."""
    with transaction.atomic():
        batch = FollowupBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            return None, [], ()
        pending = PendingFollowup.objects.filter(batch=batch)
        comment_ids = list(pending.values_list("comment_id", flat=True))
        pending.filter(comment_id__in=comment_ids).delete()
        comments = list(
            XtdComment.norel_objects.filter(pk__in=comment_ids, is_public=True, is_removed=False).order_by(
                "pk"
            )
        )
        previous = (comment_ids, batch.last_sent_at)
        batch.due_at = None
        if comments:
            batch.last_sent_at = timezone.now()
        batch.save(update_fields=["due_at", "last_sent_at"])
    return batch, comments, previous


def _give_back(batch: FollowupBatch, previous: tuple) -> None:
    """The email could not be sent: the comments go back on the list and the batch is due now,
    so the next run (the command, a worker's retry, the next comment) sends them. Nothing is
    lost; a follower may get an email twice if the mail server failed half-way."""
    comment_ids, last_sent_at = previous
    with transaction.atomic():
        PendingFollowup.objects.bulk_create(
            [PendingFollowup(comment_id=pk, batch=batch) for pk in comment_ids], ignore_conflicts=True
        )
        FollowupBatch.objects.filter(pk=batch.pk).update(due_at=timezone.now(), last_sent_at=last_sent_at)


def _target_of(batch: FollowupBatch) -> targets.Target | None:
    target_type = targets.type_for_content_type_id(batch.content_type_id)
    if target_type is None:
        return None
    manager = target_type.model._default_manager
    if target_type.page_path is not None:
        manager = manager.select_related(target_type.page_path)
    obj = manager.filter(pk=batch.object_pk).first()
    return targets.target_for(obj) if obj is not None else None


@task()
def send_followup_batch(batch_id: int) -> int:
    """Email every follower of one discussion the comments published since the previous email
    (except their own); returns how many emails were sent."""
    batch, comments, previous = _claim(batch_id)
    if not comments:
        return 0
    try:
        return _send(batch, comments)
    except Exception:
        _give_back(batch, previous)
        raise


def _digest_line(context: dict) -> str:
    """The email's subject, as its line in a digest."""
    return render_to_string("wagtail_social/emails/followup_subject.txt", context).strip()


def _send(batch: FollowupBatch, comments: list[XtdComment]) -> int:
    target = _target_of(batch)
    if target is None:
        return 0
    page = target.page.specific if type(target.page) is Page else target.page
    base_url = delivery.base_url(page)
    messages = []
    for user in followers(target):
        news = [comment for comment in comments if comment.user_id != user.pk]
        if not news:
            continue
        page_url = delivery.page_link(page) + f"#comment-{news[0].pk}"
        context = {
            "comment": news[0],
            "comments": news[:MAX_LISTED],
            "count": len(news),
            "more": max(0, len(news) - MAX_LISTED),
            "target": target,
            "title": target.title,
            "page": page,
            "page_url": page_url,
            "mute_url": base_url + reverse("wagtail_social:mute", args=[mute_token(user.pk, target)]),
        }
        summary = partial(_digest_line, context)
        messages.append(
            delivery.deliver_email(
                "wagtail_social/emails/followup", user, REPLIES, context, page, summary, page_url
            )
        )
    return delivery.send_all(messages)


def send_batch(batch_id: int) -> int:
    """Run one batch now, in this process (the command; tests)."""
    return send_followup_batch.call(batch_id)
