"""Group A against group B: the headline figures of two groups side by side.

The groups are chosen from ``WAGTAIL_SOCIAL_KPI_COMPARISON_GROUPS`` (a pilot group, the companies
of a merger); group B may be "everyone else" (the population outside group A). Each group is
its members within the population.

Two groups whose members differ by fewer than k people are not compared: the difference of
their figures would describe those few people (compare "everyone" with "everyone but Alice").
The comparison is refused with :class:`ComparisonRefused`, whose message says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..conf import settings
from ..population import members_of, population
from .people import Data, Headline, collect, headline_from
from .ranges import DateRange


class ComparisonRefused(ValueError):
    """Two groups that may not be compared (unknown, or too alike); the message is for people."""


@dataclass(frozen=True)
class Comparison:
    group_a: str
    group_b: str | None  # None: everyone else
    a: Headline
    b: Headline


def compare_groups(date_range: DateRange, group_a: str, group_b: str | None = None) -> Comparison:
    """The headline figures of ``group_a`` and ``group_b`` (None: everyone else in the
    population), from one set of queries for the whole population."""
    check_offered(group_a, group_b)
    return compare_from(collect(date_range, population()), group_a, group_b)


def check_offered(group_a: str, group_b: str | None) -> None:
    """Refuses a group that is not offered for comparison (no query)."""
    offered = settings.COMPARISON_GROUPS
    for name in (group_a, group_b):
        if name is not None and name not in offered:
            raise ComparisonRefused(
                _("“%(group)s” is not one of the groups offered for comparison.") % {"group": name}
            )


def compare_from(data: Data, group_a: str, group_b: str | None = None) -> Comparison:
    """:func:`compare_groups` from ``data`` collected for the whole population: the groups'
    members (one query each), then their figures cut from ``data``."""
    check_offered(group_a, group_b)
    people = population()
    a = set(members_of(group_a, people).values_list("pk", flat=True))
    if group_b is None:
        b = data.population - a
    else:
        b = set(members_of(group_b, people).values_list("pk", flat=True))
    k = settings.MIN_GROUP_SIZE
    if len(a ^ b) < k:
        raise ComparisonRefused(
            _(
                "These two groups are not compared: their members differ by fewer than %(k)s people, "
                "so the difference between their figures would describe those few people."
            )
            % {"k": k}
        )
    return Comparison(group_a, group_b, headline_from(data, a), headline_from(data, b))
