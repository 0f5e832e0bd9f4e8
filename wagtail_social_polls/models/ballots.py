"""What voting writes.

* :class:`Voter` — one row per person and poll, unique: the "has voted" record, for every poll.
* :class:`ChoiceTally` — one counter per choice, added to in the same transaction as the voter
  row. It is the whole ballot box of a secret poll: a count has no author, no timestamp and no
  id that could be lined up with a voter row.
* :class:`NamedVote` — for named polls only, which choices a voter made.

See ``docs/polls.md`` ("How secret ballots stay secret").
"""

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .polls import Choice, Poll


class Voter(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters", verbose_name=_("poll"))
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="wagtail_social_polls_one_vote")]

    def __str__(self):
        return f"{self.user_id} → {self.poll_id}"


class ChoiceTally(models.Model):
    choice = models.OneToOneField(
        Choice, on_delete=models.PROTECT, primary_key=True, related_name="tally", verbose_name=_("choice")
    )
    votes = models.PositiveIntegerField(_("votes"), default=0)

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
