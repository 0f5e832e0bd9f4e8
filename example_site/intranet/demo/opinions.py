"""Reactions and "was this page helpful?" answers on the demo pages, so those figures are not zero."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from wagtail_social.models import HelpfulVote, Reaction

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


def load(discussions: list[dict], helpful_pages: list[Page]) -> int:
    """Reactions on every discussion page and its comments, helpfulness answers on the given
    pages. Pages that already have some are left as they are (the command may run twice)."""
    created = 0
    page_type = ContentType.objects.get_for_model(Page)
    for number, spec in enumerate(discussions):
        page = spec["page"]
        if Reaction.objects.filter(page=page).exists():
            continue
        rng = random.Random(SEED * 1000 + number)
        people = list(author_pool(spec.get("members_only", False)))
        readers = rng.sample(people, min(len(people), rng.randint(15, 60)))
        rows = [Reaction(user=user, page=page, kind=rng.choice(KINDS)) for user in readers]
        comments = XtdComment.norel_objects.filter(
            content_type=page_type, object_pk=str(page.pk), is_public=True, is_removed=False
        )
        for comment in comments:
            for user in rng.sample(people, rng.randint(0, 6)):
                rows.append(Reaction(user=user, page=page, target=comment, kind=rng.choice(KINDS)))
        created += len(Reaction.objects.bulk_create(rows, ignore_conflicts=True))
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
            for user in rng.sample(employees, min(len(employees), rng.randint(25, 70)))
        ]
        created += len(HelpfulVote.objects.bulk_create(votes, ignore_conflicts=True))
    return created
