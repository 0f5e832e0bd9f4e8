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

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_comments_xtd.models import XtdComment
from django_tasks import task
from wagtail.models import Page

from . import access, sql, targets
from .conf import settings
from .models import FollowupBatch, PendingFollowup

MUTE_SALT = "wagtail_social.mute"
MAX_LISTED = 20  # comments written out in one email; the rest are counted, the link shows them


def schedule_followup_notifications(comment: XtdComment) -> None:
    """Put a just-published comment on its discussion's waiting list and make sure an email is
    scheduled: at once for a quiet discussion, else at the end of the batch delay."""
    now = timezone.now()
    with transaction.atomic():
        batch, _created = FollowupBatch.objects.get_or_create(
            content_type_id=comment.content_type_id, object_pk=comment.object_pk
        )
        sql.insert_ignoring_conflicts(PendingFollowup, comment=comment.pk, batch=batch.pk)
        deferred = send_followup_batch.get_backend().supports_defer
        if batch.due_at is not None:
            # Overdue with a backend that does not run deferred tasks: nothing else will send
            # it. (A worker will: a queue running late is not a reason to enqueue it again.)
            if batch.due_at <= now and not deferred:
                transaction.on_commit(lambda: send_followup_batch.enqueue(batch.pk))
            return
        delay = datetime.timedelta(seconds=settings.FOLLOWUP_BATCH_SECONDS)
        due = now if batch.last_sent_at is None else max(now, batch.last_sent_at + delay)
        # Only one of several comments published at once schedules the email.
        if not FollowupBatch.objects.filter(pk=batch.pk, due_at__isnull=True).update(due_at=due):
            return
    if due <= now:
        transaction.on_commit(lambda: send_followup_batch.enqueue(batch.pk))
    elif deferred:
        transaction.on_commit(lambda: send_followup_batch.using(run_after=due).enqueue(batch.pk))


def send_due_batches(now: datetime.datetime | None = None) -> int:
    """Send every batch whose time has come (``manage.py send_followup_emails``, for task
    backends that do not run deferred tasks). Returns the number of emails sent."""
    now = now or timezone.now()
    due = FollowupBatch.objects.filter(due_at__lte=now).values_list("pk", flat=True)
    return sum(send_batch(batch_id) for batch_id in list(due))


def followers(target: targets.Target) -> list:
    """People who asked to follow this discussion and may still see its page."""
    follower_ids = (
        XtdComment.norel_objects.filter(
            content_type_id=target.content_type_id,
            object_pk=target.object_pk,
            followup=True,
            user__isnull=False,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    users = get_user_model().objects.filter(pk__in=follower_ids, is_active=True).exclude(email="")
    return access.filter_users_who_can_view(target.page, users.prefetch_related("groups"))


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
    from wagtail.users.models import UserProfile

    return UserProfile.get_for_user(user).get_preferred_language()


def _claim(batch_id: int) -> tuple[FollowupBatch | None, list[XtdComment]]:
    """Take the batch's waiting comments off the list (so no other run sends them again) and
    close the batch; returns the published ones, oldest first."""
    with transaction.atomic():
        batch = FollowupBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            return None, []
        pending = PendingFollowup.objects.filter(batch=batch)
        comment_ids = list(pending.values_list("comment_id", flat=True))
        pending.filter(comment_id__in=comment_ids).delete()
        comments = list(
            XtdComment.norel_objects.filter(pk__in=comment_ids, is_public=True, is_removed=False).order_by(
                "pk"
            )
        )
        batch.due_at = None
        if comments:
            batch.last_sent_at = timezone.now()
        batch.save(update_fields=["due_at", "last_sent_at"])
    return batch, comments


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
    batch, comments = _claim(batch_id)
    if not comments:
        return 0
    target = _target_of(batch)
    if target is None:
        return 0
    page = target.page.specific if type(target.page) is Page else target.page
    site = page.get_site()
    base_url = (
        getattr(django_settings, "WAGTAILADMIN_BASE_URL", "") or (site.root_url if site else "")
    ).rstrip("/")
    messages = []
    for user in followers(target):
        news = [comment for comment in comments if comment.user_id != user.pk]
        if not news:
            continue
        with translation.override(preferred_language(user)):
            context = {
                "comment": news[0],
                "comments": news[:MAX_LISTED],
                "count": len(news),
                "more": max(0, len(news) - MAX_LISTED),
                "target": target,
                "title": target.title,
                "page": page,
                "recipient": user,
                "page_url": (page.get_full_url() or "") + f"#comment-{news[0].pk}",
                "mute_url": base_url + reverse("wagtail_social:mute", args=[mute_token(user.pk, target)]),
            }
            subject = render_to_string("wagtail_social/emails/followup_subject.txt", context).strip()
            body = render_to_string("wagtail_social/emails/followup.txt", context)
        messages.append((subject, body, None, [user.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


def send_batch(batch_id: int) -> int:
    """Run one batch now, in this process (the command; tests)."""
    return send_followup_batch.call(batch_id)
