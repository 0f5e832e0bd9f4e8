"""What the demo's community manager (the ``animatrice`` login) did with the idea box's
contributions: the status changes behind their states (one declined with its public reason),
official answers published, a question answered in time. Written directly, dated in the past,
as the screens would have left them (no emails: they happened before the demo started). Each
step is done once: a second run finds it done and adds nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from wagtail.models import Page

from wagtail_social.contributions.models import Contribution, OfficialAnswer, StatusChange

from .markup import french_spacing

# (title, [(from, to, days after it was posted, public reason)])
DECISIONS = [
    ("Un local vélos sécurisé au siège", [("new", "under_review", 2, "")]),
    (
        "Des menus végétariens deux fois par semaine",
        [("new", "under_review", 3, ""), ("under_review", "accepted", 10, "")],
    ),
    (
        "Supprimer les gobelets jetables",
        [("new", "under_review", 2, ""), ("under_review", "accepted", 8, ""), ("accepted", "done", 45, "")],
    ),
    (
        "Une navette entre la gare et le siège",
        [
            ("new", "under_review", 4, ""),
            (
                "under_review",
                "declined",
                12,
                "La ligne de bus 12 passe désormais toutes les dix minutes aux heures de pointe entre "
                "la gare et le siège : une navette ferait doublon. Merci pour l'idée et pour vos soutiens !",
            ),
        ],
    ),
    ("Peut-on réserver une salle pour un afterwork ?", [("open", "answered", 1, "")]),
]
# (title, days after it was posted, text): published official answers.
ANSWERS = [
    (
        "Peut-on réserver une salle pour un afterwork ?",
        1,
        "Oui : la salle Horizon se réserve jusqu'à 21 h dans l'outil de réservation des salles, "
        "rubrique « Événements ». Pensez à prévenir l'accueil la veille.",
    ),
    (
        "Des menus végétariens deux fois par semaine",
        10,
        "Accepté : dès la rentrée, la cantine proposera un plat végétarien le mardi et le vendredi. "
        "Nous ferons le point avec vous après trois mois.",
    ),
]


def load(pages: Iterable[Page], manager) -> None:
    contributions = {c.title: c for c in Contribution.objects.filter(page__in=list(pages))}
    for title, steps in DECISIONS:
        contribution = contributions.get(french_spacing(title))
        if contribution is None or StatusChange.objects.filter(contribution=contribution).exists():
            continue  # an older demo database without it, or done already
        StatusChange.objects.bulk_create(
            StatusChange(
                contribution=contribution,
                from_state=from_state,
                to_state=to_state,
                reason=french_spacing(reason),
                changed_by=manager,
                changed_at=contribution.created_at + timedelta(days=days),
            )
            for from_state, to_state, days, reason in steps
        )
    for title, days, text in ANSWERS:
        contribution = contributions.get(french_spacing(title))
        if contribution is None or OfficialAnswer.objects.filter(contribution=contribution).exists():
            continue
        when = contribution.created_at + timedelta(days=days)
        OfficialAnswer.objects.create(
            contribution=contribution,
            text=french_spacing(text),
            author=manager,
            created_at=when,
            published_at=when,
        )
        if contribution.kind == "question":  # answered in time: its first answer
            Contribution.objects.filter(pk=contribution.pk, first_answered_at__isnull=True).update(
                first_answered_at=when, first_answered_by=manager
            )
