"""How fast questions get their first answer: per section and overall, for the questions asked
in a range of days (``docs/contributions.md``, "Answer times", with a worked example).

For the questions counted:

* **questions**: asked in the range (the days of the site's time zone, both included), on the
  pages the viewer may see in the admin (``access.admin_visible_pages``: a private community's
  questions are for its members); a question withdrawn or merged into another before anyone
  answered it is left out (its author took it back, or its original carries the answer); one
  closed without an answer counts, unanswered;
* **answered**: those with a first answer (``first_answered_at``, by someone other than the
  author: ``answer_targets``), whenever it came;
* **time to first answer**: the working time from asking to the first answer, in working days
  with decimals (``working_days.working_time``: weekends and holidays do not count);
* **median** and **90th percentile** of that time, over *every* question counted, an unanswered
  one standing for a time longer than any answer (it has not come yet): the nearest-rank
  percentile, the time within which at least half (nine tenths) of the questions were
  answered. When that many are not answered, the percentile is :data:`NOT_REACHED` ("not reached
  yet"), never the percentile of the answered ones alone (Discourse's mean leaves unanswered
  questions out, and so looks better the fewer questions are answered);
* **within target**: answered at or before their due date (``answer_due_at``); an unanswered
  question, or one without a due date, is not within target. The share is over every question
  counted.

A **section** is a page with pages under it and everything under it; a question counts in every
section it is under. Sections without questions in the range are not listed.

Queries: the sections (1) and the questions (1, their page's path and three timestamps), then
the figures are worked out in Python: percentiles of a few thousand questions a month are
quicker sorted here than in portable SQL, and the number of queries stays the same whatever the
number of questions.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Page

from wagtail_social import access

from .models import QUESTION, Contribution
from .working_days import Calendar, working_days_between


class NotReached:
    """A percentile not reached yet: more questions than it leaves out are unanswered."""

    def __str__(self) -> str:
        return gettext("not reached yet")

    def __repr__(self) -> str:
        return "NOT_REACHED"


NOT_REACHED = NotReached()
MEDIAN, P90 = 0.5, 0.9


@dataclass
class AnswerTimes:
    """The figures of one section (``section``), or of every question counted (``section`` None)."""

    section: Page | None
    days: list[float] = field(default_factory=list)  # working days to each first answer
    unanswered: int = 0
    within_target: int = 0

    @property
    def title(self) -> str:
        return self.section.title if self.section is not None else gettext("All sections")

    @property
    def questions(self) -> int:
        return len(self.days) + self.unanswered

    @property
    def answered(self) -> int:
        return len(self.days)

    def percentile(self, share: float) -> float | NotReached | None:
        """The nearest-rank percentile of the time to first answer, unanswered questions last:
        the ``ceil(share × questions)``-th shortest time; None without questions."""
        if not self.questions:
            return None
        rank = max(1, math.ceil(round(share * self.questions, 9)))
        if rank > self.answered:
            return NOT_REACHED
        return sorted(self.days)[rank - 1]

    @property
    def median(self):
        return self.percentile(MEDIAN)

    @property
    def p90(self):
        return self.percentile(P90)

    @property
    def share_within_target(self) -> float | None:
        """Answered within target, over every question counted (0 to 1); None without questions."""
        return self.within_target / self.questions if self.questions else None

    def add(self, days: float | None, within_target: bool) -> None:
        if days is None:
            self.unanswered += 1
        else:
            self.days.append(days)
        self.within_target += within_target


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight starting ``day`` on the site's wall clock (``TIME_ZONE``), as working days are."""
    midnight = datetime.datetime.combine(day, datetime.time())
    return timezone.make_aware(midnight, timezone.get_default_timezone())


def sections(user, section: Page | None = None):
    """The sections ``user`` may see: pages with children (not the tree's root), under
    ``section`` (itself included) when given, in tree order."""
    pages = access.admin_visible_pages(user).filter(depth__gt=1, numchild__gt=0)
    if section is not None:
        pages = pages.filter(path__startswith=section.path)
    return pages.order_by("path")


def counted_questions(user, start: datetime.date, end: datetime.date, section: Page | None = None):
    """The questions counted (see the module docstring), as a queryset."""
    questions = Contribution.objects.filter(
        kind=QUESTION,
        created_at__gte=day_start(start),
        created_at__lt=day_start(end + datetime.timedelta(days=1)),
        page__in=access.admin_visible_pages(user).values("pk"),
    ).exclude(Q(withdrawn_at__isnull=False) | Q(merged_into__isnull=False), first_answered_at__isnull=True)
    if section is not None:
        questions = questions.filter(page__path__startswith=section.path)
    return questions


def answer_times(
    user,
    start: datetime.date,
    end: datetime.date,
    section: Page | None = None,
    calendar: Calendar | None = None,
) -> list[AnswerTimes]:
    """Every question counted first (under ``section`` when given), then each section ``user``
    may see that has questions, in tree order."""
    calendar = calendar or Calendar()
    by_path = {page.path: AnswerTimes(page) for page in sections(user, section).only("pk", "title", "path")}
    overall = AnswerTimes(None)
    rows = counted_questions(user, start, end, section).values_list(
        "page__path", "created_at", "answer_due_at", "first_answered_at"
    )
    steplen = Page.steplen
    for path, asked, due, answered in rows.order_by():
        days = working_days_between(asked, answered, calendar) if answered is not None else None
        within = answered is not None and due is not None and answered <= due
        overall.add(days, within)
        for length in range(steplen, len(path) + 1, steplen):
            figures = by_path.get(path[:length])
            if figures is not None:
                figures.add(days, within)
    return [overall] + [figures for figures in by_path.values() if figures.questions]
