"""Polls as a participation feature of the core: their policy switch and a person's votes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail_social.features import Feature, register_feature

from .models import NamedVote, Voter


def export_votes(user) -> list[dict]:
    """The polls a person voted in and, for named polls only, their choices (a secret ballot
    holds no link between a person and a choice: there is nothing more to export)."""
    choices: dict[int, list[str]] = {}
    for voter_id, text in NamedVote.objects.filter(voter__user=user).values_list("voter_id", "choice__text"):
        choices.setdefault(voter_id, []).append(text)
    return [
        {
            "poll": voter.poll_id,
            "question": voter.poll.question,
            "secret": voter.poll.secret,
            "choices": [] if voter.poll.secret else choices.get(voter.pk, []),
        }
        for voter in Voter.objects.filter(user=user).select_related("poll").order_by("poll_id")
    ]


def erase_votes(user) -> int:
    """What the person chose in named polls is erased; the counters (the results everyone saw)
    and the voter rows (turnout, and "one vote per person" if the account lives on) are kept, so
    every figure stays as it was."""
    return NamedVote.objects.filter(voter__user=user).delete()[0]


def register_polls_feature() -> None:
    # Votes count in the participation figures once they carry a day (named polls) or a
    # window (secret ballots): see the participation figures' issue.
    register_feature(
        Feature(
            key="polls",
            label=_("Polls"),
            default=True,
            help_text=_("Polls embedded in the page are shown and may be answered."),
            order=40,
            export_person=export_votes,
            erase_person=erase_votes,
        )
    )
