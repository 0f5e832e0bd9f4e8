"""Reminders to the managers of a page that a question waits for its answer: at half its target
delay and at its target (scheduled by ``answer_targets.start_clock`` as ``AnswerReminder`` rows).

``manage.py send_contribution_reminders`` (run by cron every few minutes) enqueues a task per
reminder that has come due; the task checks that the question still waits (open, not
withdrawn, unanswered) and **claims** its reminder with one conditional ``UPDATE`` (``sent_at``
from empty) before it sends.
So two runs at once (two cron jobs overlapping, a worker retrying) send each reminder once,
and a question answered, closed or withdrawn meanwhile gets none. If the mail server refuses,
the claim is given back and the next run tries again.

Recipients are the page's managers (``managers.managers_of``: asked at sending, so someone who
lost the permission or access to the page since the question was asked hears nothing), each in
their own language, in plain text and HTML. A reminder whose page has no manager is marked sent
with no email: nobody could be told, and the overdue listing still shows the question.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from wagtail_social import delivery

from .managers import managers_of
from .models import OPEN, QUESTION, AnswerReminder
from .notification_kinds import OVERDUE, REMINDER

TEMPLATES = "wagtail_social_contributions/emails/reminder"

# The question a reminder is about still waits for its first answer.
STILL_WAITING = Q(
    contribution__kind=QUESTION,
    contribution__state=OPEN,
    contribution__withdrawn_at__isnull=True,
    contribution__first_answered_at__isnull=True,
)


def due_reminders(now: datetime.datetime | None = None):
    """Reminders whose time has come and that were not sent, of questions still waiting."""
    now = now or timezone.now()
    return AnswerReminder.objects.filter(STILL_WAITING, sent_at__isnull=True, due_at__lte=now)


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Enqueue the sending of every reminder due at ``now`` (the command); returns how many."""
    ids = list(due_reminders(now).order_by("due_at", "pk").values_list("pk", flat=True))
    for reminder_id in ids:
        send_answer_reminder.enqueue(reminder_id)
    return len(ids)


def _claim(reminder_id: int) -> bool:
    """Take the reminder for this run, if its question still waits and no run took it.

    The ``UPDATE`` names the reminder's own row and columns only: on PostgreSQL a second run
    blocked on the row re-reads ``sent_at`` once the first commits, and finds it taken. (A
    condition through the question would make Django write ``id IN (SELECT …)``, which the second
    run would not re-read: both would send.) Whether the question still waits is read just
    before; one answered in between gets its reminder, at most, a moment after the answer."""
    if not AnswerReminder.objects.filter(STILL_WAITING, pk=reminder_id).exists():
        return False
    return bool(
        AnswerReminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(sent_at=timezone.now())
    )


@task()
def send_answer_reminder(reminder_id: int) -> int:
    """Remind the managers of one question's page; returns how many emails were sent (0 when
    another run sent it, or the question no longer waits)."""
    if not _claim(reminder_id):
        return 0
    try:
        return _send(AnswerReminder.objects.select_related("contribution__page").get(pk=reminder_id))
    except Exception:
        AnswerReminder.objects.filter(pk=reminder_id).update(sent_at=None)
        raise


def _send(reminder: AnswerReminder) -> int:
    question = reminder.contribution
    page = question.page.specific_deferred
    base_url = delivery.base_url(page)
    overdue = reminder.stage == AnswerReminder.DUE
    kind = OVERDUE if overdue else REMINDER
    summary = lambda: (  # noqa: E731
        (_("“%(title)s” is overdue.") if overdue else _("“%(title)s” waits for its answer."))
        % {"title": question.title}
    )
    messages = []
    for manager in managers_of(page):
        if not manager.email:
            continue
        context = {
            "question": question,
            "page": page,
            "overdue": overdue,
            "due_at": question.answer_due_at,
            "url": base_url + question.get_absolute_url(),
            "question_url": base_url + question.get_absolute_url(),
            "overdue_url": base_url + reverse("wagtail_social_contributions_reports:overdue"),
        }
        messages.append(
            delivery.deliver_email(TEMPLATES, manager, kind, context, page, summary, context["url"])
        )
    return delivery.send_all(messages)


def send_reminder(reminder_id: int) -> int:
    """Run one reminder now, in this process (tests)."""
    return send_answer_reminder.call(reminder_id)
