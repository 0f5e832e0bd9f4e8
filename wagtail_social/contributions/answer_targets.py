"""Answer targets of questions: when a question is due, when it was first answered, and which
questions are overdue.

* **Target.** Each question is due a number of working days (``working_days``) after it was
  asked: the ``answer_target_days`` policy value of its page at that moment (set per page or
  section in the "Participation" action, inherited down the tree, else the site default, else
  2). Changing the target later does not move the due date of questions already asked: they were
  promised an answer by then. Reminders to the page's managers are scheduled at the same time,
  at half the target (in working time) and at the target (``reminders``).
* **First answer.** :func:`record_first_answer` records the first answer by someone other than
  the author: a comment in the question's discussion, or an official answer (the managers'
  code calls it). Only the first counts; one conditional ``UPDATE``, so two answers at once
  record one. A comment counts when readers can see it: at posting when it is published at once,
  when a moderator approves it when it was held (``wagtail_social.signals.comment_published``):
  a held comment nobody can read has not answered anyone yet. A comment removed later still
  counts: the question was answered then. Recording an answer does not change the question's
  state: a manager marks it answered or closed.
* **Overdue**: an open question, not withdrawn, with no first answer, past its due date.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_comments_xtd.models import XtdComment

from wagtail_social.features import PolicyValue
from wagtail_social.models import ParticipationPolicy
from wagtail_social.signals import comment_published

from .models import OPEN, QUESTION, AnswerReminder, Contribution
from .working_days import Calendar, add_working_days

TARGET_VALUE = "answer_target_days"
DEFAULT_TARGET_DAYS = 2
MAX_TARGET_DAYS = 60


def _days(value) -> str:
    return ngettext("%(count)d working day", "%(count)d working days", value) % {"count": value}


#: The per-section target, declared by the "questions" feature (``feature.py``).
ANSWER_TARGET = PolicyValue(
    name=TARGET_VALUE,
    label=_("Answer target (working days)"),
    field=forms.IntegerField(min_value=1, max_value=MAX_TARGET_DAYS),
    default=DEFAULT_TARGET_DAYS,
    help_text=_(
        "Questions get an answer within this many working days (weekends and public holidays do not count)."
    ),
    display=_days,
)


def target_days(page) -> int:
    """The answer target, in working days, of questions asked on ``page`` now."""
    return ParticipationPolicy.effective_for(page).value(TARGET_VALUE) or DEFAULT_TARGET_DAYS


def start_clock(question: Contribution, page=None, days: int | None = None) -> None:
    """Give a question just asked its due date (``days`` working days, by default its page's
    target) and schedule its two reminders, in the caller's transaction. Other kinds have none."""
    if question.kind != QUESTION:
        return
    days = days if days is not None else target_days(page if page is not None else question.page)
    calendar = Calendar()
    asked = question.created_at
    question.answer_due_at = add_working_days(asked, days, calendar)
    Contribution.objects.filter(pk=question.pk).update(answer_due_at=question.answer_due_at)
    AnswerReminder.objects.bulk_create(
        [
            AnswerReminder(
                contribution=question,
                stage=AnswerReminder.HALF,
                due_at=add_working_days(asked, days / 2, calendar),
            ),
            AnswerReminder(contribution=question, stage=AnswerReminder.DUE, due_at=question.answer_due_at),
        ]
    )


def record_first_answer(contribution: Contribution, user, when: datetime.datetime | None = None) -> bool:
    """Record ``user``'s answer at ``when`` as the question's first answer, unless it already
    has one or ``user`` is its author (asking again, or thanking, is not an answer). Returns
    whether it was recorded. Safe to call for any contribution (only questions are recorded)."""
    if user is None or not user.is_authenticated or contribution.kind != QUESTION:
        return False
    if contribution.author_id is not None and contribution.author_id == user.pk:
        return False
    when = when or timezone.now()
    done = (
        Contribution.objects.filter(pk=contribution.pk, kind=QUESTION, first_answered_at__isnull=True)
        .exclude(author_id=user.pk)
        .update(first_answered_at=when, first_answered_by=user)
    )
    if done:
        contribution.first_answered_at, contribution.first_answered_by = when, user
    return bool(done)


def _comment_published(sender, comment: XtdComment, published_at: datetime.datetime, **kwargs) -> None:
    if (
        comment.content_type_id != ContentType.objects.get_for_model(Contribution).pk
        or comment.user_id is None
    ):
        return
    question = Contribution.objects.filter(pk=comment.object_pk, kind=QUESTION).first()
    if question is not None:
        record_first_answer(question, comment.user, published_at)


def open_questions(queryset: QuerySet | None = None) -> QuerySet:
    """Questions still waiting for their first answer: open, not withdrawn, unanswered."""
    queryset = Contribution.objects.all() if queryset is None else queryset
    return queryset.filter(
        kind=QUESTION, state=OPEN, withdrawn_at__isnull=True, first_answered_at__isnull=True
    )


def overdue(queryset: QuerySet | None = None, now: datetime.datetime | None = None) -> QuerySet:
    """The questions of ``queryset`` (every contribution by default) past their target at
    ``now`` and still waiting for a first answer, the longest overdue first."""
    now = now or timezone.now()
    return (
        open_questions(queryset).filter(answer_due_at__lt=now).order_by("answer_due_at", "created_at", "pk")
    )


def connect_signals() -> None:
    comment_published.connect(
        _comment_published, sender=XtdComment, dispatch_uid="wagtail_social_contributions.first_answer"
    )
