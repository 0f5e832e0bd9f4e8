"""Daily and weekly digests: the notifications people asked to receive together.

``manage.py send_notification_digests daily`` (and ``weekly``), run by cron, enqueues a task per
person with entries waiting (Django's task framework: at once with the immediate backend, on a
worker otherwise). Each task:

* claims the period by inserting ``DigestSent`` (person, frequency, first day of the period),
  unique in the database: a second run for the same period, or two at once, inserts nothing and
  sends nothing (on PostgreSQL the second insert waits for the first transaction, then fails);
* keeps only the entries whose page the person may see *now* (the access module asks at sending,
  not when the entry was queued): an entry of a community they left since is dropped;
* sends nothing when nothing is left (the claim is given back): never an empty digest.

The email is sent inside the claiming transaction: if the mail server refuses, nothing is
recorded and the next run sends it. If the commit fails after the server accepted it, the
person may get it twice, the price of never losing one.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from . import access, delivery
from .models import DigestEntry, DigestSent
from .notification_kinds import DAILY, WEEKLY

TEMPLATES = "wagtail_social/emails/digest"
DIGEST_KIND = "digest"  # the stop link of a digest switches off every kind it may carry


def period_start(frequency: str, now: datetime.datetime | None = None) -> datetime.date:
    """The first day of the period ``now`` is in: the day itself, or the Monday of its week
    (in the site's time zone)."""
    today = timezone.localdate(now or timezone.now())
    return today if frequency == DAILY else today - datetime.timedelta(days=today.weekday())


def send_digests(frequency: str, now: datetime.datetime | None = None) -> int:
    """Enqueue the digest of every person with entries waiting for ``frequency``; returns how
    many were enqueued (the command)."""
    if frequency not in (DAILY, WEEKLY):
        raise ValueError(f"unknown digest frequency {frequency!r}")
    start = period_start(frequency, now)
    user_ids = (
        DigestEntry.objects.filter(frequency=frequency, digest__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    user_ids = list(user_ids)
    for user_id in user_ids:
        send_digest.enqueue(user_id, frequency, start.isoformat())
    return len(user_ids)


@task()
def send_digest(user_id: int, frequency: str, start: str) -> int:
    """Send one person's digest for the period starting on ``start`` (an ISO date): 1 if sent,
    0 if it was sent already, the person is gone, or nothing they may still see waits."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = DigestSent.objects.create(
                    user=user, frequency=frequency, period_start=datetime.date.fromisoformat(start)
                )
        except IntegrityError:
            return 0  # this period's digest was sent (or is being sent) by another run
        entries = list(
            DigestEntry.objects.select_for_update()
            .filter(user=user, frequency=frequency, digest__isnull=True)
            .select_related("page")
            .order_by("created_at", "pk")
        )
        # What the person may still see, of kinds they still want (switched off since: dropped).
        visible = [
            entry
            for entry in entries
            if access.user_can_view(user, entry.page) and delivery.wants(user, entry.kind)
        ]
        gone = [entry.pk for entry in entries if entry not in visible]
        DigestEntry.objects.filter(pk__in=gone).delete()
        if not visible:
            claim.delete()
            return 0
        DigestEntry.objects.filter(pk__in=[entry.pk for entry in visible]).update(digest=claim)
        context = {"entries": visible, "frequency": frequency, "count": len(visible)}
        page = visible[0].page
        message = delivery.render_email(TEMPLATES, user, DIGEST_KIND, context, page)
        return delivery.send_all([message])
