"""Poll results: counts per choice and turnout, the same figures for the page, the admin and
exports. Two queries whatever the number of votes (the tallies are counters)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from .conf import settings
from .models import Choice, Poll, Voter


@dataclass(frozen=True)
class ChoiceResult:
    choice_id: int
    text: str
    votes: int
    percent: float  # of voters: with several answers allowed, the percentages add up to more than 100


@dataclass(frozen=True)
class PollResults:
    poll: Poll
    voters: int
    choices: list[ChoiceResult]

    @property
    def votes(self) -> int:
        return sum(choice.votes for choice in self.choices)

    @property
    def below_secret_threshold(self) -> bool:
        """A secret ballot with too few voters for its figures to be shown to anyone."""
        return self.poll.secret and self.voters < settings.SECRET_MIN_VOTERS


def results_for(poll: Poll) -> PollResults:
    rows = list(
        Choice.objects.filter(poll=poll)
        .order_by("sort_order", "pk")
        .annotate(votes=Sum("tally__votes"))
        .values_list("pk", "text", "votes")
    )
    voters = Voter.objects.filter(poll=poll).count()
    return PollResults(
        poll=poll,
        voters=voters,
        choices=[
            ChoiceResult(pk, text, votes or 0, round(100 * (votes or 0) / voters, 1) if voters else 0.0)
            for pk, text, votes in rows
        ],
    )
