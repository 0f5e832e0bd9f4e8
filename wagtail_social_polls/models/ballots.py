"""What voting writes.

* :class:`Voter` — one row per person and poll, unique: the "has voted" record, for every poll;
  for named polls only, also the day of the vote (for the participation figures).
* :class:`ChoiceTally` — one counter per choice, added to in the same transaction as the voter
  row. It is the whole ballot box of a secret poll: a count has no author, no timestamp and no
  id that could be lined up with a voter row; and it is stored at a fixed width
  (:class:`CounterField`), so that not even where its bytes sit in the file tells the order of
  the votes.
* :class:`NamedVote` — for named polls only, which choices a voter made.

See ``docs/polls.md`` ("How secret ballots stay secret").
"""

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .polls import Choice, Poll


class Voter(models.Model):
    """ "This person has voted in this poll".

    ``voted_on`` is the day (in the site's time zone) of a named vote, or of its last change:
    it dates the vote for the participation figures. It is **never written for a secret poll**
    (always NULL there): a day on the voter row could be lined up with the counters, which is
    what secrecy forbids (``docs/polls.md``, "How secret ballots stay secret"). Named votes
    recorded before the field existed (migration 0004) keep NULL too; both then count in the
    figures through the poll's open window (``feature.py``)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters", verbose_name=_("poll"))
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    voted_on = models.DateField(
        _("voted on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Named polls only: the day of the vote or of its last change. Never set for a secret poll."
        ),
    )

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="wagtail_social_polls_one_vote")]

    def __str__(self):
        return f"{self.user_id} → {self.poll_id}"


# Added to every stored counter, so that every count from 0 to about 2.1 billion is stored by
# SQLite as a 4-byte integer (its record format stores 0 and 1 in no byte, up to 127 in one,
# and so on). Frozen: migration 0003 adds it to existing counters.
COUNTER_OFFSET = 1 << 24


class CounterField(models.PositiveIntegerField):
    """A count that the database stores as ``count + COUNTER_OFFSET``: a fixed width, whatever
    the count, in SQLite as in PostgreSQL.

    Why: SQLite rewrites a record in place only when its new version has the same size. A
    counter growing from 1 to 2 (no byte to one byte) or from 127 to 128 moves to a new place
    in its page, and the place it leaves and the order of the cells then depend on which
    counter grew first: two people voting A then B, or B then A, would leave different files,
    and the ``Voter`` rows say who voted last. At a fixed width every vote overwrites the same
    bytes (``tests/test_polls_secret_file.py``).

    Python sees the count: the ORM subtracts the offset when reading and adds it when writing
    or comparing (``votes=0``, ``votes__gt=0``), and ``F("votes") + 1`` adds to the stored value
    unchanged. Raw SQL reading the column subtracts :data:`COUNTER_OFFSET` itself
    (``results.py``); an aggregate over several counters (``Sum``) would count the offset once
    per row, so none is used."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else value - COUNTER_OFFSET

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        return None if value is None else value + COUNTER_OFFSET


class ChoiceTally(models.Model):
    choice = models.OneToOneField(
        Choice, on_delete=models.PROTECT, primary_key=True, related_name="tally", verbose_name=_("choice")
    )
    # Not named "votes" in the database: it holds votes + COUNTER_OFFSET, and SQL written for
    # the count fails on the name rather than reading a count 16 million too high.
    votes = CounterField(_("votes"), default=0, db_column="stored_votes")

    class Meta:
        verbose_name = _("choice tally")
        verbose_name_plural = _("choice tallies")

    def __str__(self):
        return f"{self.choice_id}: {self.votes}"


class NamedVote(models.Model):
    voter = models.ForeignKey(
        Voter, on_delete=models.CASCADE, related_name="choices", verbose_name=_("voter")
    )
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, related_name="+", verbose_name=_("choice"))

    class Meta:
        verbose_name = _("named vote")
        verbose_name_plural = _("named votes")
        constraints = [
            models.UniqueConstraint(fields=["voter", "choice"], name="wagtail_social_polls_choice_once")
        ]

    def __str__(self):
        return f"{self.voter_id}: {self.choice_id}"
