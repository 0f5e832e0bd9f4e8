"""Casting and changing votes: the rules of a poll and the only code that writes ballots.

One vote per person and poll is decided by the database (the unique ``Voter`` row), never by a
read before the write, so concurrent requests cannot both count. Counters are changed by
``UPDATE ... SET votes = votes + 1``, exact whatever the concurrency.

Secret ballots write two things only: the ``Voter`` row (who voted) and ``+1`` on counters
(what was chosen). Nothing else may learn the choice: no row, log line, session value, cache
entry or message that holds it. See ``docs/polls.md``, "How secret ballots stay secret".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail_social.sql import insert_ignoring_conflicts, quoted_names

from .models import Choice, ChoiceTally, NamedVote, Poll, Voter
from .models.polls import STATUS_CLOSED, STATUS_SCHEDULED

RECORDED = "recorded"
CHANGED = "changed"
UNCHANGED = "unchanged"
NOT_OPEN = "not_open"
CLOSED = "closed"
ALREADY_VOTED = "already_voted"
NOTHING_CHOSEN = "nothing_chosen"
UNKNOWN_CHOICE = "unknown_choice"
DUPLICATE_CHOICE = "duplicate_choice"
TOO_FEW = "too_few"
TOO_MANY = "too_many"

# HTTP status of each refusal: the window and an existing vote are states of the poll, the
# rest is bad input.
REFUSAL_STATUS = {
    NOT_OPEN: 403,
    CLOSED: 403,
    ALREADY_VOTED: 409,
    NOTHING_CHOSEN: 400,
    UNKNOWN_CHOICE: 400,
    DUPLICATE_CHOICE: 400,
    TOO_FEW: 400,
    TOO_MANY: 400,
}


@dataclass(frozen=True)
class VoteOutcome:
    """What became of one vote: ``code`` is one of the module's constants, ``message`` is
    for the voter (it never names the choice: it may end up in a session or a live region)."""

    code: str
    message: str

    @property
    def accepted(self) -> bool:
        return self.code in (RECORDED, CHANGED, UNCHANGED)

    @property
    def status(self) -> int:
        return REFUSAL_STATUS.get(self.code, 200)


def message_for(code: str, poll: Poll) -> str:
    """The voter-facing sentence for an outcome ``code`` (also used to show an error again
    after a redirect, without JavaScript)."""
    minimum, maximum = poll.choice_limits
    if code == NOT_OPEN:
        if poll.opens_at:
            opens = date_format(timezone.localtime(poll.opens_at), "DATETIME_FORMAT")
            return _("This poll is not open yet: it opens on %(date)s.") % {"date": opens}
        return str(_("This poll is not open yet."))
    if code == TOO_FEW:
        return ngettext(
            "Choose at least %(count)d answer.", "Choose at least %(count)d answers.", minimum
        ) % {"count": minimum}
    if code == TOO_MANY:
        if maximum == 1:
            return str(_("Choose only one answer."))
        return ngettext("Choose at most %(count)d answer.", "Choose at most %(count)d answers.", maximum) % {
            "count": maximum
        }
    if code == ALREADY_VOTED and accepts_changes(poll):
        return str(_("You have already voted. You may change your vote until the poll closes."))
    return str(MESSAGES[code])


MESSAGES = {
    RECORDED: _("Thank you: your vote is recorded."),
    CHANGED: _("Your vote is changed."),
    UNCHANGED: _("Your vote is unchanged: you chose the same answers."),
    CLOSED: _("This poll is closed: votes are no longer accepted."),
    ALREADY_VOTED: _("You have already voted in this poll."),
    NOTHING_CHOSEN: _("Choose an answer before voting."),
    UNKNOWN_CHOICE: _("One of the answers sent is not part of this poll. Reload the page and vote again."),
    DUPLICATE_CHOICE: _("Each answer can be chosen only once."),
}


def accepts_changes(poll: Poll) -> bool:
    """Whether a voter may replace their vote (before closing). Never for secret ballots:
    nothing links a person to their choice, so there is nothing to take back."""
    return poll.changeable and not poll.secret


def _outcome(code: str, poll: Poll) -> VoteOutcome:
    return VoteOutcome(code, message_for(code, poll))


def check_choices(choice_ids: list[int], poll: Poll, poll_choice_ids: set[int]) -> str | None:
    """The refusal code for ``choice_ids`` in ``poll``, or None when they make a valid vote."""
    if not choice_ids:
        return NOTHING_CHOSEN
    if len(set(choice_ids)) != len(choice_ids):
        return DUPLICATE_CHOICE
    if not set(choice_ids) <= poll_choice_ids:
        return UNKNOWN_CHOICE
    minimum, maximum = poll.choice_limits
    if len(choice_ids) < minimum:
        return TOO_FEW
    if maximum is not None and len(choice_ids) > maximum:
        return TOO_MANY
    return None


def check_window(poll: Poll, now: datetime) -> str | None:
    """Open at ``opens_at`` exactly, closed at ``closes_at`` exactly (``Poll.status``)."""
    status = poll.status(now)
    if status == STATUS_SCHEDULED:
        return NOT_OPEN
    if status == STATUS_CLOSED:
        return CLOSED
    return None


def choice_ids_of(poll: Poll) -> frozenset[int]:
    """The ids of ``poll``'s choices. One query."""
    return frozenset(Choice.objects.filter(poll=poll).values_list("pk", flat=True))


def cast_vote(
    user,
    poll: Poll,
    choice_ids: Iterable[int],
    now: datetime | None = None,
    poll_choice_ids: Iterable[int] | None = None,
) -> VoteOutcome:
    """Record ``user``'s vote for ``choice_ids`` in ``poll``, or change it where the poll
    allows; refuse with a reason otherwise. Nothing is written when the vote is refused.

    ``poll_choice_ids``, the ids of the poll's choices, when the caller already knows them
    (the vote endpoint keeps them in memory); read from the database otherwise."""
    choice_ids = [int(pk) for pk in choice_ids]
    now = now or timezone.now()
    refusal = check_window(poll, now)
    if refusal:
        return _outcome(refusal, poll)
    poll_choice_ids = set(choice_ids_of(poll) if poll_choice_ids is None else poll_choice_ids)
    refusal = check_choices(choice_ids, poll, poll_choice_ids)
    if refusal:
        return _outcome(refusal, poll)
    try:
        with transaction.atomic():
            voter_id = _insert_voter(poll, user, now)
            if voter_id is None:
                if not accepts_changes(poll):
                    return _outcome(ALREADY_VOTED, poll)
                return _change_vote(user, poll, set(choice_ids), poll_choice_ids, now)
            _count(poll_choice_ids, added=set(choice_ids))
            if not poll.secret:
                _insert_named_votes(voter_id, choice_ids)
    except IntegrityError:
        # An editor deleted a chosen choice while this vote was on its way: nothing is kept.
        return _outcome(UNKNOWN_CHOICE, poll)
    return _outcome(RECORDED, poll)


# The writes of a vote, each one SQL statement: they run on every vote, and the ORM spent
# longer building them than the database running them (see bench/polls.py). Ids are passed as
# parameters; the only values written into the SQL are the steps 1 and -1.


def _insert_voter(poll: Poll, user, now: datetime) -> int | None:
    """The new voter row's id, or None when this person has voted in ``poll`` already. The
    unique constraint decides (``ON CONFLICT DO NOTHING``): no savepoint, and a refusal leaves
    the enclosing transaction usable.

    A named vote's day goes in the same statement; a secret poll's row never gets one (the
    column stays NULL): a day would date the ballot, and dates line votes up with counters."""
    voted_on = None if poll.secret else timezone.localdate(now)
    connection = connections[router.db_for_write(Voter)]
    if not connection.features.can_return_columns_from_insert:  # SQLite before 3.35
        try:
            # A savepoint: the refusal must not break the enclosing transaction.
            with transaction.atomic(using=connection.alias):
                return Voter.objects.create(poll=poll, user=user, voted_on=voted_on).pk
        except IntegrityError:
            return None
    dated = {} if voted_on is None else {"voted_on": voted_on}
    return insert_ignoring_conflicts(Voter, returning="id", poll=poll.pk, user=user.pk, **dated)


def _insert_named_votes(voter_id: int, choice_ids: Iterable[int]) -> None:
    connection = connections[router.db_for_write(NamedVote)]
    table, voter_column, choice_column = quoted_names(connection, NamedVote, "voter", "choice")
    rows = [(voter_id, pk) for pk in choice_ids]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({voter_column}, {choice_column}) VALUES {', '.join(['(%s, %s)'] * len(rows))}",
            [value for row in rows for value in row],
        )


def _count(poll_choice_ids: set[int], added: set[int] = frozenset(), removed: set[int] = frozenset()) -> None:
    """Add 1 to the counters of ``added`` and take 1 from those of ``removed``.

    Every counter of the poll is written, most by ``+ 0``: on PostgreSQL each written row
    carries the writing transaction's id (``xmin``) and moves to a new place in the table, so
    writing only the chosen counters would let anyone able to SELECT the tables match the
    last voter's row to the counters they changed. Written all together, the counters all
    carry the same transaction id and keep their relative order, whatever was chosen. Stored
    at a fixed width (``CounterField``), each counter is rewritten in place in a SQLite file,
    so the bytes of the file do not depend on the order of the votes either.

    Where rows can be locked (PostgreSQL), they are locked in choice order first: two votes
    locking the same rows in different orders could deadlock. Counters are created on the
    first vote, all at once for the same reason (their creation says nothing about the first
    choice). Without row locks (SQLite), the transaction holds the database's write lock from
    its first write: the counters are written first, and created only if some are missing."""
    steps = [(sorted(group), step) for group, step in ((added, 1), (removed, -1)) if group]
    if not steps:
        return
    ids = sorted(poll_choice_ids)
    connection = connections[router.db_for_write(ChoiceTally)]
    table, choice_column, votes_column = quoted_names(connection, ChoiceTally, "choice", "votes")
    among = f"{choice_column} IN ({', '.join(['%s'] * len(ids))})"
    whens = " ".join(
        f"WHEN {choice_column} IN ({', '.join(['%s'] * len(group))}) THEN {step}" for group, step in steps
    )
    update = f"UPDATE {table} SET {votes_column} = {votes_column} + CASE {whens} ELSE 0 END WHERE {among}"
    update_params = [pk for group, _step in steps for pk in group] + ids
    with connection.cursor() as cursor:
        if connection.features.has_select_for_update:
            lock = f"SELECT {choice_column} FROM {table} WHERE {among} ORDER BY {choice_column} FOR UPDATE"
            cursor.execute(lock, ids)
            if len(cursor.fetchall()) < len(ids):
                # A concurrent first vote's rows are kept (ON CONFLICT DO NOTHING waits for it).
                ChoiceTally.objects.bulk_create(
                    [ChoiceTally(choice_id=pk) for pk in ids], ignore_conflicts=True
                )
                cursor.execute(lock, ids)
            cursor.execute(update, update_params)
            return
        cursor.execute(update, update_params)
        if cursor.rowcount < len(ids):  # the poll's first vote, or a choice added since the last one
            cursor.execute(f"SELECT {choice_column} FROM {table} WHERE {among}", ids)
            existing = {row[0] for row in cursor.fetchall()}
            step_of = {pk: step for group, step in steps for pk in group}
            ChoiceTally.objects.bulk_create(
                [ChoiceTally(choice_id=pk, votes=step_of.get(pk, 0)) for pk in ids if pk not in existing]
            )


def _change_vote(user, poll: Poll, chosen: set[int], poll_choice_ids: set[int], now: datetime) -> VoteOutcome:
    """Replace a named vote. The voter row is locked so that two changes sent at once by the
    same person apply one after the other, each against the choices the other left. A change
    moves the vote's day (``Voter.voted_on``) to today: the figures count the last change."""
    voter = Voter.objects.select_for_update().get(poll=poll, user=user)
    previous = set(NamedVote.objects.filter(voter=voter).values_list("choice_id", flat=True))
    if not previous:
        # Cast while the poll was secret: the choice is unknown, so it cannot be taken back.
        return _outcome(ALREADY_VOTED, poll)
    if previous == chosen:
        return _outcome(UNCHANGED, poll)
    removed, added = previous - chosen, chosen - previous
    _count(poll_choice_ids, added=added, removed=removed)
    NamedVote.objects.filter(voter=voter, choice_id__in=removed).delete()
    NamedVote.objects.bulk_create(NamedVote(voter=voter, choice_id=pk) for pk in added)
    Voter.objects.filter(pk=voter.pk).update(voted_on=timezone.localdate(now))
    return _outcome(CHANGED, poll)


def choices_of(user, poll: Poll) -> tuple[bool, set[int]]:
    """Whether ``user`` voted in ``poll`` and, for a named poll, which choices. One query (in
    SQL: it runs for every poll shown and every vote answered)."""
    if not user.is_authenticated:
        return False, set()
    connection = connections[router.db_for_read(Voter)]
    voters, voter_id, poll_column, user_column = quoted_names(connection, Voter, "id", "poll", "user")
    named, named_voter, named_choice = quoted_names(connection, NamedVote, "voter", "choice")[0:3]
    where = f"WHERE {voters}.{poll_column} = %s AND {voters}.{user_column} = %s"
    with connection.cursor() as cursor:
        if poll.secret:
            cursor.execute(f"SELECT 1 FROM {voters} {where}", [poll.pk, user.pk])
            return cursor.fetchone() is not None, set()
        cursor.execute(
            f"SELECT {named}.{named_choice} FROM {voters} LEFT JOIN {named} "
            f"ON {named}.{named_voter} = {voters}.{voter_id} {where}",
            [poll.pk, user.pk],
        )
        rows = cursor.fetchall()
    return bool(rows), {pk for (pk,) in rows if pk is not None}
