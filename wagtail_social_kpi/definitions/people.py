"""Headline figures about people: activation, readers, regular readers, active contributors,
engaged, and the participation pyramid, for a range and the previous range of the same length;
the same by department, for two groups side by side, and by period.

Definitions (``docs/kpi.md`` gives an example of each):

* **population**: the active accounts in scope today (``population.population()``), or the part
  of it asked for (a department, a group). The same population is used for the previous period.
* **activation**: people of the population with any recorded activity (reading included) on or
  before the last day of the range, over the population.
* **readers**: people with at least one page view in the range.
* **regular readers**: people with page views in at least half of the weeks of the range (the ISO
  weeks overlapping it, see ``ranges``), rounded up: 2 of 3 weeks, 2 of 4. Not computed (None,
  with the reason) for a range shorter than 14 days: a week or two says nothing about habits.
* **active contributors**: people who authored at least one contribution (a ``contributor``
  activity: comment, idea…) in the range.
* **engaged**: people with at least one ``engaged`` or ``contributor`` record (reaction, vote,
  helpfulness answer, comment…) in the range.
* **pyramid**, a partition of the population: *heavy contributors* (at least
  ``HEAVY_CONTRIBUTOR_THRESHOLD`` contributions in the range), *occasional contributors* (1 to
  threshold - 1), *readers only* (readers with no contribution), *non-readers* (the rest: no page
  view and no contribution; a reaction alone does not lift anyone out of it).

Each is a count and a share of the population. Figures are raw here; ``privacy`` makes them
k-anonymous before anything shows them.

Queries: the population (1), one summary per person and range (2: this range and the previous),
who had any record by the end of each range (1) — four queries whatever the number of records,
people or activities; departments and groups are cut from the same rows in Python.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..conf import settings
from ..population import population as default_population
from .ranges import WEEK, DateRange
from .records import (
    CONTRIBUTOR,
    PEOPLE_COLUMNS,
    READER,
    Scope,
    activated,
    fetch,
    in_periods_sql,
    registered_activities,
)

MIN_REGULAR_DAYS = 14


@dataclass(frozen=True)
class Figure:
    """A count of people, its share of the population, and the same for the previous period.

    Counts are ints, or ``privacy.Suppressed`` once protected; ``count`` is None when the figure
    is not defined for the range (``reason`` says why)."""

    count: object
    population: object
    previous_count: object = None
    previous_population: object = None
    reason: str = ""

    @staticmethod
    def _share(count, population):
        if isinstance(count, int) and isinstance(population, int):
            return count / population if population else None
        return count if count is not None and not isinstance(count, int) else None

    @property
    def share(self):
        """The share of the population (0 to 1), None when undefined, Suppressed when the
        count is."""
        return self._share(self.count, self.population)

    @property
    def previous_share(self):
        return self._share(self.previous_count, self.previous_population)

    @property
    def change(self):
        """Count minus the previous period's count (Suppressed if either is)."""
        return _difference(self.count, self.previous_count)

    @property
    def share_change(self):
        """Change of the share, in points of 1 (0.05 = five percentage points)."""
        return _difference(self.share, self.previous_share)


def _difference(now, before):
    if now is None or before is None:
        return None
    if isinstance(now, int | float) and isinstance(before, int | float):
        return now - before
    return now if not isinstance(now, int | float) else before  # the suppressed one


@dataclass(frozen=True)
class Pyramid:
    non_readers: Figure
    readers_only: Figure
    occasional_contributors: Figure
    heavy_contributors: Figure

    def levels(self) -> list[tuple[str, Figure]]:
        return [
            ("non_readers", self.non_readers),
            ("readers_only", self.readers_only),
            ("occasional_contributors", self.occasional_contributors),
            ("heavy_contributors", self.heavy_contributors),
        ]


@dataclass(frozen=True)
class Headline:
    """The headline figures of ``date_range`` (and of ``previous_range``) for a population."""

    date_range: DateRange
    previous_range: DateRange
    population: Figure  # count = the number of people; share 1
    activation: Figure
    readers: Figure
    regular_readers: Figure
    active_contributors: Figure
    engaged: Figure
    pyramid: Pyramid
    heavy_threshold: int = 5

    def figures(self) -> list[tuple[str, Figure]]:
        return [
            ("activation", self.activation),
            ("readers", self.readers),
            ("regular_readers", self.regular_readers),
            ("active_contributors", self.active_contributors),
            ("engaged", self.engaged),
        ]


@dataclass(frozen=True)
class PersonSummary:
    """One person's records in a range: what the figures are cut from (never shown)."""

    read_weeks: int = 0
    reads: bool = False
    engaged: bool = False
    contributions: int = 0


@dataclass
class Data:
    """What the figures of a range are computed from: summaries of this range and the previous
    one, and each person's first day of activity."""

    date_range: DateRange
    population: set[int]
    current: dict[int, PersonSummary] = field(default_factory=dict)
    previous: dict[int, PersonSummary] = field(default_factory=dict)
    activated: dict[object, set[int]] = field(default_factory=dict)  # end day -> people
    weekly: list[tuple] | None = None  # this range's weekly_rows, when the summaries came from them


def weekly_rows(date_range: DateRange, people: QuerySet) -> list[tuple]:
    """One row per person of ``people`` and ISO week of ``date_range`` (clipped) in which they
    have a record: ``(person, week start, reads, engaged, contributes, contributions, views)``.
    One query. Both the person summaries (:func:`summaries_from`) and the figures by week
    (``periods.by_week_from``) are cut from these rows, so a screen that shows both reads the
    range's records once."""
    records, params = in_periods_sql(
        Scope.of(date_range, people=people), date_range, WEEK, columns=PEOPLE_COLUMNS
    )
    sql = f"""
        SELECT r.k_person, r.k_period,
            MAX(CASE WHEN r.k_role = %s THEN 1 ELSE 0 END),
            MAX(CASE WHEN r.k_role <> %s THEN 1 ELSE 0 END),
            MAX(CASE WHEN r.k_role = %s THEN 1 ELSE 0 END),
            SUM(CASE WHEN r.k_role = %s THEN r.k_weight ELSE 0 END),
            SUM(CASE WHEN r.k_role = %s THEN r.k_weight ELSE 0 END)
        FROM ({records}) r
        WHERE r.k_person IS NOT NULL
        GROUP BY r.k_person, r.k_period
    """
    return fetch(sql, [READER, READER, CONTRIBUTOR, CONTRIBUTOR, READER, *params])


def summaries_from(rows: list[tuple]) -> dict[int, PersonSummary]:
    """The person summaries of :func:`weekly_rows`: weeks with reading, read, engaged, and the
    contributions (summed over weeks; a windowed contribution, counted in each week its window
    overlaps, would be summed several times: :func:`summaries` then reads them apart)."""
    totals: dict[int, list] = {}
    for person, _week, reads, engaged, _contributes, contributions, _views in rows:
        total = totals.setdefault(person, [0, False, False, 0])
        total[0] += 1 if reads else 0
        total[1] = total[1] or bool(reads)
        total[2] = total[2] or bool(engaged)
        total[3] += int(contributions or 0)
    return {person: PersonSummary(*total) for person, total in totals.items()}


def _weekly_rows_hold_summaries() -> bool:
    """Whether :func:`summaries_from` is exact: no windowed activity counts contributions."""
    return not any(a.windowed and a.counts_as == CONTRIBUTOR for a in registered_activities())


def summaries(date_range: DateRange, people: QuerySet) -> dict[int, PersonSummary]:
    """Per person of ``people`` with any record in ``date_range``: weeks with reading, whether
    they read, whether they engaged, how many contributions. One query."""
    records, params = in_periods_sql(
        Scope.of(date_range, people=people), date_range, WEEK, only_role=READER, columns=PEOPLE_COLUMNS
    )
    sql = f"""
        SELECT r.k_person,
            COUNT(DISTINCT r.k_period),
            MAX(CASE WHEN r.k_role = %s THEN 1 ELSE 0 END),
            MAX(CASE WHEN r.k_role <> %s THEN 1 ELSE 0 END),
            SUM(CASE WHEN r.k_role = %s THEN r.k_weight ELSE 0 END)
        FROM ({records}) r
        WHERE r.k_person IS NOT NULL
        GROUP BY r.k_person
    """
    rows = fetch(sql, [READER, READER, CONTRIBUTOR, *params])
    return {
        person: PersonSummary(int(weeks), bool(reads), bool(engaged), int(contributions or 0))
        for person, weeks, reads, engaged, contributions in rows
    }


def collect(date_range: DateRange, people: QuerySet | None = None) -> Data:
    """The four queries behind every headline figure of ``date_range`` for ``people``."""
    people = default_population() if people is None else people
    data = Data(
        date_range=date_range,
        population=set(people.values_list("pk", flat=True)),
        previous=summaries(date_range.previous(), people),
        activated=activated((date_range.end, date_range.previous().end), people),
    )
    if _weekly_rows_hold_summaries():
        data.weekly = weekly_rows(date_range, people)
        data.current = summaries_from(data.weekly)
    else:
        data.current = summaries(date_range, people)
    return data


def regular_weeks_needed(date_range: DateRange) -> int:
    """Weeks with reading that make a regular reader: half the weeks of the range, rounded up."""
    return math.ceil(len(date_range.weeks()) / 2)


def _counts(
    date_range: DateRange,
    who: Collection[int],
    summary: Mapping[int, PersonSummary],
    activated: Collection[int],
    threshold: int,
):
    people = [summary[p] for p in who if p in summary]
    contributions = [s.contributions for s in people]
    readers = sum(1 for s in people if s.reads)
    heavy = sum(1 for c in contributions if c >= threshold)
    occasional = sum(1 for c in contributions if 0 < c < threshold)
    readers_only = sum(1 for s in people if s.reads and not s.contributions)
    regular = None
    if date_range.days >= MIN_REGULAR_DAYS:
        needed = regular_weeks_needed(date_range)
        regular = sum(1 for s in people if s.read_weeks >= needed)
    return {
        "activation": sum(1 for p in who if p in activated),
        "readers": readers,
        "regular_readers": regular,
        "active_contributors": sum(1 for c in contributions if c > 0),
        "engaged": sum(1 for s in people if s.engaged),
        "non_readers": len(who) - readers_only - occasional - heavy,
        "readers_only": readers_only,
        "occasional_contributors": occasional,
        "heavy_contributors": heavy,
    }


def headline_from(data: Data, who: Collection[int] | None = None) -> Headline:
    """The headline figures for the people ``who`` (ids, the whole of ``data.population`` by
    default), from ``data``: no query."""
    who = data.population if who is None else set(who) & data.population
    threshold = settings.HEAVY_CONTRIBUTOR_THRESHOLD
    previous_range = data.date_range.previous()
    now = _counts(data.date_range, who, data.current, data.activated[data.date_range.end], threshold)
    before = _counts(previous_range, who, data.previous, data.activated[previous_range.end], threshold)
    size = len(who)

    def figure(name: str) -> Figure:
        reason = ""
        if now[name] is None:
            reason = _("Regular readers need a range of at least two weeks.")
        return Figure(now[name], size, before[name], size, reason=reason)

    return Headline(
        date_range=data.date_range,
        previous_range=previous_range,
        population=Figure(size, size, size, size),
        activation=figure("activation"),
        readers=figure("readers"),
        regular_readers=figure("regular_readers"),
        active_contributors=figure("active_contributors"),
        engaged=figure("engaged"),
        pyramid=Pyramid(
            figure("non_readers"),
            figure("readers_only"),
            figure("occasional_contributors"),
            figure("heavy_contributors"),
        ),
        heavy_threshold=threshold,
    )


def headline(date_range: DateRange, people: QuerySet | None = None) -> Headline:
    """The headline figures of ``date_range`` for ``people`` (the population by default, or a
    part of it: a department's or a group's members)."""
    return headline_from(collect(date_range, people))


def by_department(date_range: DateRange, departments: Mapping[int, str | None]) -> dict[str | None, Headline]:
    """The headline figures of each department (``population.departments()``: user id ->
    department name or None), from one set of queries."""
    return by_department_from(collect(date_range), departments)


def by_department_from(data: Data, departments: Mapping[int, str | None]) -> dict[str | None, Headline]:
    """:func:`by_department` from collected ``data``: no query."""
    members: dict[str | None, set[int]] = {}
    for person, department in departments.items():
        members.setdefault(department, set()).add(person)
    return {department: headline_from(data, who) for department, who in members.items()}
