"""Polls of the demo: a named poll, a secret pulse survey, a multiple-choice poll and a closed
one, placed in page bodies with the poll block and answered by the generated employees through
the real voting service (so counters, voter rows and placements are what the site would hold).

Votes are spread over each poll's window so far (a named vote is dated the day it was cast), and
pilot members vote more often than the others.

The demo logins vote in none of the open polls but one, so ``employe`` can try voting and also
see the results of a poll already answered.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from wagtail_social_polls.blocks import poll_ids_in_content
from wagtail_social_polls.models import Choice, Poll, Voter
from wagtail_social_polls.models.polls import RESULTS_AFTER_CLOSE, RESULTS_AFTER_VOTE
from wagtail_social_polls.voting import cast_vote

from . import pilot as pilot_group
from .people import DEMO_LOGINS, SEED

# The demo login that has answered one open poll (and only that one) when the demo starts.
VOTED_LOGIN = "employe"


@dataclass(frozen=True)
class DemoPoll:
    page_slug: str
    question: str
    choices: tuple[tuple[str, int], ...]  # (text, weight in the generated votes)
    turnout: float  # share of the employees who voted
    description: str = ""
    multiple: bool = False
    min_choices: int = 1
    max_choices: int | None = None
    secret: bool = False
    changeable: bool = False
    results_visibility: str = RESULTS_AFTER_VOTE
    opened_days_ago: int = 10
    closes_in_days: int | None = None  # negative: closed that many days ago
    voted_by_demo_login: bool = False


POLLS = [
    DemoPoll(
        page_slug="resultats-premier-semestre",
        question="Quel format pour le séminaire 2027 ?",
        description="Le séminaire annuel réunira tous les salariés en juin. Vous pouvez changer "
        "d'avis jusqu'à la clôture du sondage.",
        choices=(
            ("Une journée au siège, en plénière et ateliers", 34),
            ("Deux demi-journées dans chaque site", 27),
            ("Une journée en plein air, hors les murs", 29),
            ("Un format hybride, sur place et en ligne", 10),
        ),
        turnout=0.46,
        changeable=True,
        opened_days_ago=12,
        closes_in_days=21,
    ),
    DemoPoll(
        page_slug="semaine-qualite-de-vie-au-travail",
        question="Comment vous sentez-vous cette semaine ?",
        description="Sondage d'humeur anonyme : seuls les totaux sont conservés.",
        choices=(
            ("Très bien", 18),
            ("Plutôt bien", 41),
            ("Mitigé", 26),
            ("Plutôt mal", 11),
            ("Très mal", 4),
        ),
        turnout=0.38,
        secret=True,
        opened_days_ago=3,
        closes_in_days=4,
    ),
    DemoPoll(
        page_slug="plan-de-formation-2027",
        question="Quelles formations vous intéressent pour 2027 ?",
        description="Choisissez de une à trois thématiques : elles aideront à ouvrir les sessions.",
        choices=(
            ("Analyse de données", 30),
            ("Usage responsable de l'IA générative", 36),
            ("Manager au quotidien", 16),
            ("Gestes et postures", 12),
            ("Sauveteur secouriste du travail", 14),
            ("Anglais professionnel", 22),
        ),
        turnout=0.33,
        multiple=True,
        min_choices=1,
        max_choices=3,
        opened_days_ago=30,
        closes_in_days=45,
        voted_by_demo_login=True,
    ),
    DemoPoll(
        page_slug="nouveau-restaurant-entreprise",
        question="Quel nom pour le nouveau restaurant d'entreprise ?",
        choices=(
            ("La Cantine du siège", 22),
            ("Le Comptoir", 35),
            ("L'Escale", 28),
            ("Côté Jardin", 15),
        ),
        turnout=0.61,
        results_visibility=RESULTS_AFTER_CLOSE,
        opened_days_ago=83,
        closes_in_days=-69,
    ),
]


def ensure_poll(spec: DemoPoll) -> tuple[Poll, bool]:
    """The poll asking ``spec.question``; created with its choices when missing."""
    poll = Poll.objects.filter(question=spec.question).first()
    if poll is not None:
        return poll, False
    now = timezone.now()
    poll = Poll.objects.create(
        question=spec.question,
        description=spec.description,
        multiple=spec.multiple,
        min_choices=spec.min_choices if spec.multiple else 1,
        max_choices=spec.max_choices if spec.multiple else 1,
        secret=spec.secret,
        changeable=spec.changeable,
        results_visibility=spec.results_visibility,
        opens_at=now - timedelta(days=spec.opened_days_ago),
        closes_at=None if spec.closes_in_days is None else now + timedelta(days=spec.closes_in_days),
    )
    Choice.objects.bulk_create(
        Choice(poll=poll, text=text, sort_order=number) for number, (text, _weight) in enumerate(spec.choices)
    )
    return poll, True


def embed(poll: Poll, page: Page) -> None:
    """Add the poll block at the end of ``page``'s body and publish it (which records where the
    poll is shown), unless the page shows the poll already."""
    page = page.specific
    if poll.pk in poll_ids_in_content(page):
        return
    published = (
        Page.objects.filter(pk=page.pk).values("last_published_at", "latest_revision_created_at").get()
    )
    page.body.append(("poll", poll))
    page.save_revision().publish()
    # The demo's pages keep their publication dates: adding a poll is not news.
    Page.objects.filter(pk=page.pk).update(**published)


def pick(rng: random.Random, spec: DemoPoll, choice_ids: list[int]) -> list[int]:
    """One generated ballot: a weighted single answer, or a weighted set of min to max answers."""
    weights = [weight for _text, weight in spec.choices]
    if not spec.multiple:
        return rng.choices(choice_ids, weights=weights)
    count = rng.randint(spec.min_choices, spec.max_choices or len(choice_ids))
    pool, chosen = list(zip(choice_ids, weights, strict=True)), []
    for _ in range(count):
        pk, weight = rng.choices(pool, weights=[w for _pk, w in pool])[0]
        pool.remove((pk, weight))
        chosen.append(pk)
    return chosen


def generate_votes(poll: Poll, spec: DemoPoll, rng: random.Random) -> int:
    """Votes of a share of the employees, cast one by one by the voting service; nothing when
    the poll has votes already. Votes are cast at moments inside the voting window so far
    (until its close, or until now for an open poll)."""
    if Voter.objects.filter(poll=poll).exists():
        return 0
    demo_logins = {login.username for login in DEMO_LOGINS}
    employees = list(
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False)
        .exclude(username__in=demo_logins)
        .order_by("pk")
    )
    voters = pilot_group.sample(rng, employees, round(len(employees) * spec.turnout), pilot_group.pilot_ids())
    if spec.voted_by_demo_login:
        voters.append(get_user_model().objects.get(username=VOTED_LOGIN))
    choice_ids = list(poll.choices.order_by("sort_order").values_list("pk", flat=True))
    now = timezone.now()
    window = min(poll.closes_at or now, now) - poll.opens_at
    cast = 0
    for user in voters:
        when = poll.opens_at + window * rng.uniform(0.05, 0.95)
        outcome = cast_vote(user, poll, pick(rng, spec, choice_ids), now=when)
        if not outcome.accepted:  # a demo spec the rules refuse (too many answers, say)
            raise ValueError(f"{poll.question}: {outcome.message}")
        cast += 1
    return cast


def load(pages: dict[str, Page]) -> tuple[int, int]:
    """Create the demo polls, place them in their pages and vote. Returns (new polls, new votes)
    where a vote is one person's ballot."""
    new_polls = new_votes = 0
    for number, spec in enumerate(POLLS):
        poll, created = ensure_poll(spec)
        new_polls += created
        embed(poll, pages[spec.page_slug])
        new_votes += generate_votes(poll, spec, random.Random(SEED * 3000 + number))
    return new_polls, new_votes


def poll_to_try(pages: dict[str, Page]) -> Page | None:
    """A page whose open poll the demo logins have not answered: where to try voting."""
    for spec in POLLS:
        if not spec.voted_by_demo_login and (spec.closes_in_days is None or spec.closes_in_days > 0):
            return pages[spec.page_slug]
    return None
