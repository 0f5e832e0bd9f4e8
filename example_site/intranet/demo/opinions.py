"""Reactions and "was this page helpful?" answers on the demo pages, so those figures are not
zero: dated from the page's publication (or the comment's) to today, pilot members more often."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from wagtail_social.models import HelpfulVote, Reaction

from . import pilot as pilot_group
from .comments import author_pool
from .people import SEED

KINDS = ["like", "like", "like", "useful", "useful", "bravo", "curious"]  # likes are the most common
HELPFUL_COMMENTS = [
    "Clair et complet, merci.",
    "Il manque un exemple chiffré.",
    "Je n'ai pas trouvé le formulaire dont parle la page.",
    "Parfait, j'ai eu ma réponse.",
    "Trop long, un résumé en haut aiderait.",
]


def moment_after(rng: random.Random, since: datetime, now: datetime) -> datetime:
    """A moment between ``since`` and ``now``, most often in the days just after ``since``
    (people react to what is new)."""
    span = max((now - since).total_seconds(), 60.0)
    return since + timedelta(seconds=span * rng.betavariate(1.0, 3.0))


def backdate(rows, model, moments: dict[int, datetime], fields: tuple[str, ...]) -> None:
    """``created_at`` (an ``auto_now_add`` field) set on insert: write the generated moments
    afterwards, in one statement per batch."""
    for row in rows:
        for name in fields:
            setattr(row, name, moments[row.pk])
    model.objects.bulk_update(rows, list(fields), batch_size=500)


def load_reactions(discussions: list[dict], pilot: set[int], now: datetime) -> int:
    created = 0
    page_type = ContentType.objects.get_for_model(Page)
    for number, spec in enumerate(discussions):
        page = spec["page"]
        if Reaction.objects.filter(page=page).exists():
            continue
        rng = random.Random(SEED * 1000 + number)
        people = list(author_pool(spec.get("members_only", False)))
        readers = pilot_group.sample(rng, people, rng.randint(15, 60), pilot)
        rows = [Reaction(user=user, page=page, kind=rng.choice(KINDS)) for user in readers]
        comments = XtdComment.norel_objects.filter(
            content_type=page_type, object_pk=str(page.pk), is_public=True, is_removed=False
        ).order_by("pk")
        since = {None: page.first_published_at or spec["since"]}
        for comment in comments:
            since[comment.pk] = comment.submit_date
            for user in pilot_group.sample(rng, people, rng.randint(0, 6), pilot):
                rows.append(Reaction(user=user, page=page, target=comment, kind=rng.choice(KINDS)))
        created += len(Reaction.objects.bulk_create(rows, ignore_conflicts=True))
        stored = list(Reaction.objects.filter(page=page).order_by("pk"))
        moments = {r.pk: moment_after(rng, since.get(r.target_id, since[None]), now) for r in stored}
        backdate(stored, Reaction, moments, ("created_at",))
    return created


def load_helpful(helpful_pages: list[Page], pilot: set[int], now: datetime) -> int:
    created = 0
    employees = list(get_user_model().objects.filter(is_active=True).order_by("pk"))
    for number, page in enumerate(helpful_pages):
        if HelpfulVote.objects.filter(page=page).exists():
            continue
        rng = random.Random(SEED * 2000 + number)
        votes = [
            HelpfulVote(
                user=user,
                page=page,
                helpful=rng.random() < 0.78,
                comment=rng.choice(HELPFUL_COMMENTS) if rng.random() < 0.2 else "",
            )
            for user in pilot_group.sample(rng, employees, rng.randint(25, 70), pilot)
        ]
        created += len(HelpfulVote.objects.bulk_create(votes, ignore_conflicts=True))
        stored = list(HelpfulVote.objects.filter(page=page).order_by("pk"))
        moments = {vote.pk: moment_after(rng, page.first_published_at or now, now) for vote in stored}
        backdate(stored, HelpfulVote, moments, ("created_at", "updated_at"))
    return created


def load(discussions: list[dict], helpful_pages: list[Page]) -> int:
    """Reactions on every discussion page and its comments, helpfulness answers on the given
    pages. Pages that already have some are left as they are (the command may run twice)."""
    pilot = pilot_group.pilot_ids()
    now = timezone.now()
    return load_reactions(discussions, pilot, now) + load_helpful(helpful_pages, pilot, now)
