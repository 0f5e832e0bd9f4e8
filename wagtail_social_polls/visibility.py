"""Whether a person sees a poll's results: the poll's rule, then the secret-ballot threshold.

The threshold comes last and applies to everybody, editors included: below k voters the
figures of a secret ballot could tell who chose what (two voters, one vote each way, and one
of them knows their own choice), whoever looks at them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .conf import settings
from .models import Poll
from .models.polls import RESULTS_AFTER_CLOSE, RESULTS_AFTER_VOTE, RESULTS_ALWAYS, RESULTS_EDITORS

KNOWN_RULES = (RESULTS_ALWAYS, RESULTS_AFTER_VOTE, RESULTS_AFTER_CLOSE, RESULTS_EDITORS)
EDIT_PERMISSION = "wagtail_social_polls.change_poll"

SHOWN = "shown"
WAIT_FOR_VOTE = "wait_for_vote"
WAIT_FOR_CLOSE = "wait_for_close"
EDITORS_ONLY = "editors_only"
BELOW_THRESHOLD = "below_threshold"


@dataclass(frozen=True)
class ResultsAccess:
    """``reason`` is :data:`SHOWN` or why the results are hidden; ``notice`` tells the reader."""

    reason: str
    notice: str = ""

    @property
    def shown(self) -> bool:
        return self.reason == SHOWN


def is_poll_editor(user) -> bool:
    """People who may edit the poll snippet see "editors only" results."""
    return user.is_authenticated and user.is_active and user.has_perm(EDIT_PERMISSION)


def results_access(
    poll: Poll, user, *, has_voted: bool, voters: int, now: datetime | None = None
) -> ResultsAccess:
    """Whether ``user`` sees ``poll``'s results, given whether they voted and how many
    people voted in all."""
    rule = poll.results_visibility
    if rule == RESULTS_AFTER_VOTE and not has_voted:
        return ResultsAccess(WAIT_FOR_VOTE, _("Results are shown once you have voted."))
    if rule == RESULTS_AFTER_CLOSE and not poll.is_closed(now):
        if poll.closes_at:
            date = date_format(timezone.localtime(poll.closes_at), "DATETIME_FORMAT")
            notice = _("Results are shown once the poll closes, on %(date)s.") % {"date": date}
        else:
            notice = _("Results are shown once the poll closes.")
        return ResultsAccess(WAIT_FOR_CLOSE, notice)
    # An unknown rule (a value left by a later version, say) fails closed: editors only.
    editors_only = rule == RESULTS_EDITORS or rule not in KNOWN_RULES
    if editors_only and not is_poll_editor(user):
        return ResultsAccess(EDITORS_ONLY, _("Results are shown to the editors of this poll only."))
    minimum = settings.SECRET_MIN_VOTERS
    if poll.secret and voters < minimum:
        notice = ngettext(
            "Results appear once %(count)d person has voted.",
            "Results appear once %(count)d people have voted.",
            minimum,
        ) % {"count": minimum}
        return ResultsAccess(BELOW_THRESHOLD, notice)
    return ResultsAccess(SHOWN)
