"""Six months of reading: who read which page on which day (``PageView``), and how many times
visitors who were not logged in viewed each public page (``AnonymousPageView``).

Most employees read every week or nearly (the "regular readers" of the figures), some now and
then, a few never; pilot members read more. Whoever commented, reacted, answered or voted on a
page read it that day. Generated once: a database that already holds page views older than a
week keeps them as they are (the command may run again; the live site records views too).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import Page, PageViewRestriction

from wagtail_social.models import AnonymousPageView, HelpfulVote, PageView, Reaction
from wagtail_social_polls.models import PollPlacement, Voter

from . import pilot as pilot_group
from .people import SEED
from .roles import COMMUNITY_GROUP, department_names

DAYS = 182  # about six months
BATCH = 5000
# (share of the non-pilot employees, chance of reading in a given week)
HABITS = [(0.80, 0.92), (0.14, 0.35), (0.06, 0.03)]
PILOT_WEEKLY = 0.98


def load() -> tuple[int, int]:
    """Generate the reading history; return (page views, anonymous day counts) created."""
    today = timezone.localdate()
    first = today - timedelta(days=DAYS - 1)
    if PageView.objects.filter(day__lt=today - timedelta(days=7)).exists():
        return 0, 0
    # The community's private section: read by its members only, never anonymously.
    restricted = set()
    for restriction in PageViewRestriction.objects.select_related("page"):
        restricted |= set(
            Page.objects.descendant_of(restriction.page, inclusive=True).values_list("pk", flat=True)
        )
    pages = list(Page.objects.filter(depth__gt=1, live=True).order_by("path"))
    published = {
        page.pk: timezone.localdate(page.first_published_at) for page in pages if page.first_published_at
    }
    pages = [page for page in pages if page.pk in published]
    rng = random.Random(SEED * 5000)
    views = set(reading_days(rng, pages, published, restricted, first, today))
    views |= set(contribution_days())
    views = sorted(views)
    created = 0
    for start in range(0, len(views), BATCH):
        rows = [
            PageView(user_id=user, page_id=page, day=day) for user, page, day in views[start : start + BATCH]
        ]
        created += len(PageView.objects.bulk_create(rows, ignore_conflicts=True))
    anonymous = [
        AnonymousPageView(page_id=page.pk, day=day, views=rng.randint(1, 6))
        for day in days_between(first, today)
        if day.weekday() < 5
        for page in pages
        if page.pk not in restricted and published[page.pk] <= day and rng.random() < 0.2
    ]
    AnonymousPageView.objects.bulk_create(anonymous, batch_size=BATCH, ignore_conflicts=True)
    return created, len(anonymous)


def days_between(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def reading_days(rng, pages, published, restricted, first: date, today: date) -> Iterator[tuple]:
    """(person, page, day) of each generated view: week by week, a reader reads on one to three
    working days, one to four pages a day, the home page and fresh news most often."""
    User = get_user_model()
    people = list(
        User.objects.filter(is_active=True, groups__name__in=department_names())
        .distinct()
        .order_by("username")
    )
    members = set(User.objects.filter(groups__name=COMMUNITY_GROUP).values_list("pk", flat=True))
    pilot = pilot_group.pilot_ids()
    home = pages[0].pk
    mondays = list(days_between(first - timedelta(days=first.weekday()), today))[::7]
    for person in people:
        weekly = PILOT_WEEKLY if person.pk in pilot else habit(rng)
        joined = timezone.localdate(person.date_joined)
        visible = [p for p in pages if p.pk not in restricted or person.pk in members]
        for monday in mondays:
            if rng.random() >= weekly:
                continue
            reading = rng.randint(2, 4) if person.pk in pilot else rng.randint(1, 3)
            for offset in sorted(rng.sample(range(5), reading)):
                day = monday + timedelta(days=offset)
                if not (first <= day <= today) or day < joined:
                    continue
                candidates = [p for p in visible if published[p.pk] <= day]
                if not candidates:
                    continue
                weights = [freshness(published[p.pk], day, p.pk == home) for p in candidates]
                for page in rng.choices(candidates, weights=weights, k=rng.randint(1, 4)):
                    yield person.pk, page.pk, day


def habit(rng: random.Random) -> float:
    draw = rng.random()
    for share, weekly in HABITS:
        if draw < share:
            return weekly
        draw -= share
    return HABITS[-1][1]


def freshness(published: date, day: date, is_home: bool) -> float:
    """How likely a page is read on ``day``: the home page often, a page in the two weeks after
    its publication much more than later."""
    if is_home:
        return 6.0
    return 8.0 if (day - published).days <= 14 else 1.0


def contribution_days() -> Iterator[tuple]:
    """(person, page, day) of every comment, reaction, helpfulness answer and named vote: whoever
    took part on a page read it that day."""
    page_type = ContentType.objects.get_for_model(Page)
    comments = XtdComment.objects.filter(content_type=page_type, user__isnull=False)
    for user, page, moment in comments.values_list("user_id", "object_pk", "submit_date"):
        yield user, int(page), timezone.localdate(moment)
    for model in (Reaction, HelpfulVote):
        for user, page, moment in model.objects.values_list("user_id", "page_id", "created_at"):
            yield user, page, timezone.localdate(moment)
    shown_on = dict(PollPlacement.objects.order_by("-pk").values_list("poll_id", "page_id"))
    for user, poll, day in Voter.objects.filter(voted_on__isnull=False).values_list(
        "user_id", "poll_id", "voted_on"
    ):
        if poll in shown_on:
            yield user, shown_on[poll], day
