"""Poll results: counts per choice and turnout, the same figures for the page, the admin and
exports. One query whatever the number of votes (the tallies are counters)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections, router

from wagtail_social.sql import quoted_names

from .conf import settings
from .models import Choice, ChoiceTally, Poll, Voter
from .models.ballots import COUNTER_OFFSET


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
    """The figures of ``poll``: one query whatever the number of votes (the counters, and the
    number of voters as a subquery). In SQL: it answers every vote sent by the poll's script,
    and the ORM took longer to compile it than the database to run it. Stored counters hold
    ``votes + COUNTER_OFFSET`` (``CounterField``): the offset is taken off here."""
    connection = connections[router.db_for_read(Choice)]
    choices, choice_id, choice_poll, text, sort_order = quoted_names(
        connection, Choice, "id", "poll", "text", "sort_order"
    )
    tallies, tally_choice, votes = quoted_names(connection, ChoiceTally, "choice", "votes")
    voters, voter_poll = quoted_names(connection, Voter, "poll")
    statement = (
        f"SELECT c.{choice_id}, c.{text}, COALESCE(t.{votes} - {COUNTER_OFFSET}, 0), "
        f"(SELECT COUNT(*) FROM {voters} v WHERE v.{voter_poll} = %s) "
        f"FROM {choices} c LEFT JOIN {tallies} t ON t.{tally_choice} = c.{choice_id} "
        f"WHERE c.{choice_poll} = %s ORDER BY c.{sort_order}, c.{choice_id}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [poll.pk, poll.pk])
        rows = cursor.fetchall()
    # A poll without choices has no voters either (a vote needs a choice; choices with votes
    # are protected).
    voter_count = rows[0][3] if rows else 0
    return PollResults(
        poll=poll,
        voters=voter_count,
        choices=[
            ChoiceResult(pk, text, votes, round(100 * votes / voter_count, 1) if voter_count else 0.0)
            for pk, text, votes, _voters in rows
        ],
    )
