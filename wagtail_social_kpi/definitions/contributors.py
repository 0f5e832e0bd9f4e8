"""The two figures about named people, and the only two: a person's own participation, shown to
that person alone, and the "most active contributors" list, made only of people who opted in.

Every other figure is about groups of at least k people (``privacy``). These two are not, so
each is narrow on purpose:

* :func:`own_participation` is about one person and is for that person only: the "What is
  measured about you" page calls it with ``request.user``; no screen, report or export calls it
  for somebody else.
* :func:`most_active_contributors` ranks only people with a ``ContributorListConsent`` (off by
  default: nobody appears without opting in), by their contributions (``contributor``
  activities: comments, ideas…) in the range. People with no contribution in the range are not
  listed, and neither are accounts outside the population (inactive, out of scope).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from wagtail_social import features

from ..models import ContributorListConsent
from ..population import population
from .ranges import DateRange
from .records import CONTRIBUTOR, Scope, fetch, registered_activities, union_sql


@dataclass(frozen=True)
class OwnActivity:
    """How many records of one activity kind a person has: in the range, and ever."""

    feature: features.Feature
    activity: features.Activity
    in_range: int
    ever: int


def own_participation(user, date_range: DateRange) -> list[OwnActivity]:
    """``user``'s records per registered activity kind, in ``date_range`` and ever: for the
    person themselves only (see the module docstring). Every activity a person can have is
    listed, with 0 when they have none; weighted activities (visits by people who were not
    logged in) are about nobody and are left out. One query."""
    kept = [(feature, activity) for feature, activity in features.activities() if not activity.weighted]
    counts: dict[str, tuple[int, int]] = {}
    if kept and user.is_authenticated:
        records, params = union_sql(Scope(person=user.pk), [activity for _feature, activity in kept])
        rows = fetch(
            f"""
            SELECT r.k_kind,
                SUM(CASE WHEN r.k_day <= %s AND r.k_until >= %s THEN r.k_weight ELSE 0 END),
                SUM(r.k_weight)
            FROM ({records}) r
            GROUP BY r.k_kind
            """,
            [date_range.end, date_range.start, *params],
        )
        counts = {kind: (int(recent or 0), int(ever or 0)) for kind, recent, ever in rows}
    return [OwnActivity(feature, activity, *counts.get(activity.kind, (0, 0))) for feature, activity in kept]


@dataclass(frozen=True)
class Contributor:
    """One line of the "most active contributors" list."""

    user: object
    contributions: int


def most_active_contributors(
    date_range: DateRange, limit: int = 10, pages: QuerySet | None = None
) -> list[Contributor]:
    """The people who opted in to the list, most contributions in ``date_range`` first (ties by
    name), at most ``limit`` of them; only people of the population with at least one
    contribution. ``pages`` (a queryset of pages, e.g. those the viewer may see): count only
    contributions on these, so a list shown to someone says nothing of pages they cannot see.
    Two queries."""
    consenting = population().filter(
        pk__in=ContributorListConsent.objects.values("user_id"),
    )
    contributing = [activity for activity in registered_activities() if activity.counts_as == CONTRIBUTOR]
    if not contributing or limit < 1:
        return []
    records, params = union_sql(Scope.of(date_range, people=consenting, pages=pages), contributing)
    rows = fetch(
        f"""
        SELECT r.k_person, SUM(r.k_weight)
        FROM ({records}) r
        WHERE r.k_person IS NOT NULL
        GROUP BY r.k_person
        """,
        params,
    )
    totals = {person: int(total) for person, total in rows if total}
    users = get_user_model().objects.filter(pk__in=totals)
    ranked = sorted(
        users,
        key=lambda user: (-totals[user.pk], (user.get_full_name() or user.get_username()).lower(), user.pk),
    )
    return [Contributor(user, totals[user.pk]) for user in ranked[:limit]]
