"""Polls as a participation feature of the core: their policy switch, their activity in the
participation figures, and a person's votes.

How a vote counts in the figures ("engaged"):

* ``vote``: a **named** vote counts on its day, ``Voter.voted_on`` (the day it was cast, or of
  its last change), in the site's time zone.
* ``poll_window`` (windowed): a **secret** ballot has no day, and must not get one (a day on
  the voter row could be lined up with the counters: ``docs/polls.md``, "How secret ballots
  stay secret"). It counts in every range that overlaps the poll's open window: from its
  opening day (``opens_at``, or the day it was created when it opens on saving) to its closing
  day (``closes_at``; a poll that never closes has the far day :data:`NEVER`, so its voters
  count in every range from its opening on). Named votes recorded before migration 0004 have
  no day either and count the same way.

A poll is searchable (``Searchable``) once placed on a live page, and belongs to the first of
them by page id, like its votes below.

Both say the vote happened on the page the poll is placed on (``PollPlacement``); a poll placed
on several pages counts on the first of them by page id (one page per vote: a vote is one act,
and counting it on every page would double it in a section's figures). A poll placed nowhere
(taken off every page, or never published) is left out: its votes have no page, and figures
shown per page and filtered by who may see which page cannot place them. They count again if
the poll is placed again.
"""

from __future__ import annotations

import datetime

from django.db.models import DateField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from wagtail_social import access
from wagtail_social.features import Activity, Feature, Searchable, register_feature

from .models import NamedVote, Poll, PollPlacement, Voter

# The closing day of a poll that never closes: later than any range asked for.
NEVER = datetime.date(9999, 12, 31)


def _placed_voters(voters):
    """``voters`` with ``placed_on``, the first page (by id) their poll is placed on; voters of
    polls placed nowhere are left out. One subquery, computed in the database."""
    first_page = (
        PollPlacement.objects.filter(poll=OuterRef("poll_id")).order_by("page_id").values("page_id")[:1]
    )
    return voters.annotate(placed_on=Subquery(first_page)).filter(placed_on__isnull=False)


def searchable_polls(polls):
    """``Searchable.searchable_items``: the polls placed on a live page, each with ``placed_on``,
    the first such page by id (one subquery)."""
    live_placements = PollPlacement.objects.filter(poll=OuterRef("pk"), page__in=access.published_pages())
    first_page = live_placements.order_by("page_id").values("page_id")[:1]
    return polls.filter(Exists(live_placements)).annotate(placed_on=Subquery(first_page))


def poll_page_id(poll: Poll) -> int | None:
    """The page a poll found by search belongs to: ``placed_on`` when it comes from
    :func:`searchable_polls`, else looked up."""
    if hasattr(poll, "placed_on"):
        return poll.placed_on
    return searchable_polls(Poll.objects.filter(pk=poll.pk)).values_list("placed_on", flat=True).first()


def vote_activity():
    """Named votes on their day."""
    voters = Voter.objects.filter(poll__secret=False, voted_on__isnull=False)
    return _placed_voters(voters).values(person=F("user_id"), page=F("placed_on"), day=F("voted_on"))


def poll_window_activity():
    """Votes without a day (secret ballots, named votes older than the day's record), over
    their poll's open window. The local dates are computed by the database in the current time
    zone (``TruncDate``), like every other activity's days."""
    voters = Voter.objects.filter(Q(poll__secret=True) | Q(voted_on__isnull=True))
    return _placed_voters(voters).values(
        person=F("user_id"),
        page=F("placed_on"),
        day=Coalesce(TruncDate("poll__opens_at"), TruncDate("poll__created_at")),
        until=Coalesce(TruncDate("poll__closes_at"), Value(NEVER, output_field=DateField())),
    )


def export_votes(user) -> list[dict]:
    """The polls a person voted in and, for named polls only, their choices and the day of the
    vote (a secret ballot holds no link between a person and a choice, and no day: there is
    nothing more to export)."""
    choices: dict[int, list[str]] = {}
    for voter_id, text in NamedVote.objects.filter(voter__user=user).values_list("voter_id", "choice__text"):
        choices.setdefault(voter_id, []).append(text)
    exported = []
    for voter in Voter.objects.filter(user=user).select_related("poll").order_by("poll_id"):
        row = {
            "poll": voter.poll_id,
            "question": voter.poll.question,
            "secret": voter.poll.secret,
            "choices": [] if voter.poll.secret else choices.get(voter.pk, []),
        }
        if not voter.poll.secret:
            row["voted_on"] = voter.voted_on.isoformat() if voter.voted_on else None
        exported.append(row)
    return exported


def erase_votes(user) -> int:
    """What the person chose in named polls is erased; the counters (the results everyone saw)
    and the voter rows (turnout, "one vote per person" if the account lives on, and the day of
    the vote that the participation figures count) are kept, so every figure stays as it was."""
    return NamedVote.objects.filter(voter__user=user).delete()[0]


def register_polls_feature() -> None:
    register_feature(
        Feature(
            key="polls",
            label=_("Polls"),
            default=True,
            help_text=_("Polls embedded in the page are shown and may be answered."),
            order=40,
            activities=[
                Activity(
                    "vote",
                    Activity.ENGAGED,
                    vote_activity,
                    description=_(
                        "That you voted in a named poll, your choices and the day of your vote "
                        "(people with the permission may export who voted what)."
                    ),
                ),
                Activity(
                    "poll_window",
                    Activity.ENGAGED,
                    poll_window_activity,
                    windowed=True,
                    description=_(
                        "That you voted in a secret ballot: never your choice, and no day (the vote "
                        "counts over the days the poll was open)."
                    ),
                ),
            ],
            export_person=export_votes,
            erase_person=erase_votes,
            searchable=[
                Searchable(
                    Poll,
                    "poll",
                    _("Polls"),
                    page_id=poll_page_id,
                    searchable_items=searchable_polls,
                )
            ],
        )
    )
